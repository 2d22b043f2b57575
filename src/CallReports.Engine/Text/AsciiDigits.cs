namespace CallReports.Engine.Text;

/// <summary>Reads runs of ASCII digits in vendor time and duration fields without the general parsers.</summary>
internal static class AsciiDigits
{
    /// <summary>Whether <paramref name="c"/> is 0–9 (not any Unicode digit).</summary>
    public static bool Is(char c) => c is >= '0' and <= '9';

    /// <summary>The digits <c>text[start..end)</c> as a number: 1–9 of them, nothing else.</summary>
    public static bool TryRead(string text, int start, int end, out int value)
    {
        value = 0;
        if (end <= start || end - start > 9 || end > text.Length)
        {
            return false;
        }

        for (var i = start; i < end; i++)
        {
            if (!Is(text[i]))
            {
                return false;
            }

            value = (value * 10) + (text[i] - '0');
        }

        return true;
    }
}
