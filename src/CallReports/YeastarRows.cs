using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Reflection.Emit;
using System.Threading;

namespace CallReports.Yeastar;

/// <summary>
/// A row of a Yeastar report as Invoke-YeastarReportDownload writes it. Yeastar does not document its columns, and
/// they differ per report type and firmware, so each distinct header gets a class of its own, made when the header is
/// first read: its full name is <c>CallReports.Yeastar.&lt;report type&gt;</c>, it derives from this class (so a
/// row's type names are those two, then System.Object), and it has one property per column, in the file's order, plus
/// <c>Source</c>. PowerShell learns a class's properties once and reads them directly on every row after, where a row of
/// note properties made it check and store every property again for each row.
/// </summary>
public abstract class ReportRow
{
    /// <summary>The row's values, in the order of its properties (the generated properties read and write them).</summary>
    protected readonly object?[] values;

    /// <summary>Creates a row of a generated class.</summary>
    /// <param name="shape">The header the class was made for.</param>
    /// <param name="values">The values, one per property.</param>
    protected ReportRow(object shape, object?[] values)
    {
        Shape = (YeastarRowShape)shape;
        this.values = values;
    }

    internal YeastarRowShape Shape { get; }

    /// <summary>The report's columns (property name and value) without Source, for ConvertTo-CallRecord.</summary>
    internal IEnumerable<KeyValuePair<string, object?>> Columns()
    {
        for (var i = 0; i < Shape.ColumnCount; i++)
        {
            yield return new KeyValuePair<string, object?>(Shape.Names[i], values[i]);
        }
    }

    /// <summary>Where the row came from (the Source property the module adds), or null when the report has a Source column.</summary>
    internal string? SourceValue => Shape.HasSource ? values[Shape.ColumnCount] as string : null;
}

/// <summary>One header of one report type, and the class made for it.</summary>
internal sealed class YeastarRowShape
{
    private static readonly ConcurrentDictionary<string, YeastarRowShape> Shapes = new(StringComparer.Ordinal);
    private static int generated;

    private readonly Func<object, object?[], ReportRow> create;

    private YeastarRowShape(YeastarReportType type, string[] names, bool hasSource)
    {
        ReportType = type;
        Names = names;
        HasSource = hasSource;
        ColumnCount = hasSource ? names.Length - 1 : names.Length;
        create = Compile(Emit(type, names));
    }

    public YeastarReportType ReportType { get; }

    /// <summary>The property names, the columns' then Source's when the module adds it.</summary>
    public string[] Names { get; }

    public bool HasSource { get; }

    public int ColumnCount { get; }

    /// <summary>The shape for a report type and its column property names; made (class and all) the first time only.</summary>
    /// <param name="type">The report type.</param>
    /// <param name="columnNames">The columns' property names, unique (case-insensitively), in the file's order.</param>
    public static YeastarRowShape For(YeastarReportType type, string[] columnNames)
    {
        var hasSource = Array.FindIndex(columnNames, n => string.Equals(n, "Source", StringComparison.OrdinalIgnoreCase)) < 0;
        var key = type + "\n" + string.Join("\n", columnNames);
        return Shapes.GetOrAdd(key, _ => new YeastarRowShape(type, hasSource ? Append(columnNames, "Source") : columnNames, hasSource));
    }

    /// <summary>A row of this shape; <paramref name="values"/> has one value per name (Source's last) and is kept.</summary>
    public ReportRow Create(object?[] values) => create(this, values);

    private static string[] Append(string[] names, string last)
    {
        var all = new string[names.Length + 1];
        names.CopyTo(all, 0);
        all[names.Length] = last;
        return all;
    }

    private static System.Type Emit(YeastarReportType type, string[] names)
    {
        // One dynamic assembly per class: two headers of one report type (rows of two API versions) share the name.
        var number = Interlocked.Increment(ref generated);
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("CallReports.Yeastar.Rows" + number), AssemblyBuilderAccess.Run);
        var module = assembly.DefineDynamicModule("CallReports.Yeastar.Rows" + number);
        var builder = module.DefineType("CallReports.Yeastar." + type, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(ReportRow));

        var baseConstructor = typeof(ReportRow).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, null, new[] { typeof(object), typeof(object[]) }, null)!;
        var constructor = builder.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, new[] { typeof(object), typeof(object[]) });
        var il = constructor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Call, baseConstructor);
        il.Emit(OpCodes.Ret);

        var field = typeof(ReportRow).GetField("values", BindingFlags.Instance | BindingFlags.NonPublic)!;
        const MethodAttributes Accessor = MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig;
        for (var i = 0; i < names.Length; i++)
        {
            var property = builder.DefineProperty(names[i], PropertyAttributes.None, typeof(object), null);

            var getter = builder.DefineMethod("get_" + names[i], Accessor, typeof(object), System.Type.EmptyTypes);
            il = getter.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, field);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelem_Ref);
            il.Emit(OpCodes.Ret);
            property.SetGetMethod(getter);

            var setter = builder.DefineMethod("set_" + names[i], Accessor, null, new[] { typeof(object) });
            il = setter.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, field);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Stelem_Ref);
            il.Emit(OpCodes.Ret);
            property.SetSetMethod(setter);
        }

        return builder.CreateTypeInfo()!.AsType();
    }

    private static Func<object, object?[], ReportRow> Compile(System.Type generated)
    {
        var shape = Expression.Parameter(typeof(object), "shape");
        var values = Expression.Parameter(typeof(object?[]), "values");
        var constructor = generated.GetConstructor(new[] { typeof(object), typeof(object[]) })!;
        return Expression.Lambda<Func<object, object?[], ReportRow>>(Expression.New(constructor, shape, values), shape, values).Compile();
    }
}
