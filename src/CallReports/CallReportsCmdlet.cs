using System.Collections.ObjectModel;
using System.Globalization;
using System.Security;
using System.Threading;
using CallReports.Engine;
using CallReports.Engine.Checkpoints;
using CallReports.Engine.Diagnostics;

namespace CallReports;

/// <summary>
/// Shared base of every CallReports cmdlet: cancellation (Ctrl+C and StopProcessing cancel in-flight
/// requests), the bridge that writes engine messages to PowerShell's streams on the pipeline thread,
/// error mapping (engine failure kind → ErrorCategory, stable error ids), progress bookkeeping and
/// credential resolution (PSCredential, SecureString token, or a SecretManagement secret).
/// </summary>
public abstract class CallReportsCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource cancellation = new();
    private readonly HashSet<int> openProgress = new();
    private bool disposed;
    private int errorsWritten;

    /// <summary>Cancelled when the pipeline is stopped.</summary>
    protected CancellationToken CancellationToken => cancellation.Token;

    /// <summary>The vendor prefix for error ids, e.g. "PortSip".</summary>
    protected abstract string ErrorPrefix { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the cancellation source.</summary>
    /// <param name="disposing">Called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposed && disposing)
        {
            cancellation.Dispose();
        }

        disposed = true;
    }

    /// <inheritdoc />
    protected override void StopProcessing() => cancellation.Cancel();

    /// <inheritdoc />
    protected override void EndProcessing() => CompleteOpenProgress();

    /// <summary>A log whose entries are written to this cmdlet's streams when the bridge drains it.</summary>
    internal OperationLog CreateLog() => new(WriteEntry);

    /// <summary>
    /// Runs engine work and turns its failures into ErrorRecords: terminating for configuration and
    /// authentication, non-terminating otherwise. Invalid input (ArgumentException) is terminating.
    /// </summary>
    /// <param name="work">The work, run on the pipeline thread.</param>
    /// <param name="target">What the work is about, for the ErrorRecord's TargetObject.</param>
    protected void Run(Action work, object? target = null)
    {
        try
        {
            work();
        }
        catch (CallReportsException ex)
        {
            var record = ToErrorRecord(ex, target);
            if (ex.IsTerminating)
            {
                CompleteOpenProgress();
                ThrowTerminatingError(record);
            }

            errorsWritten++;
            WriteError(record);
        }
        catch (ArgumentException ex)
        {
            CompleteOpenProgress();
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException(Redactor.Redact(WithoutParameterSuffix(ex)), ex.ParamName),
                ErrorPrefix + "InvalidArgument",
                ErrorCategory.InvalidArgument,
                target));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        finally
        {
            CompleteOpenProgress();
        }
    }

    /// <summary>Fails before any request: the user asked for something that cannot work.</summary>
    /// <param name="errorId">Stable id.</param>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="target">The offending value (never a secret).</param>
    protected void ThrowInvalidArgument(string errorId, string message, object? target = null) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target));

    /// <summary>
    /// Resolves an -OutFile path (relative to the current PowerShell location) and fails before any request
    /// when the file exists without -Force or its folder does not exist.
    /// </summary>
    /// <param name="outFile">The user's path.</param>
    /// <param name="force">Whether an existing file may be overwritten.</param>
    /// <returns>The full file-system path.</returns>
    protected string ResolveOutFile(string outFile, bool force)
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(outFile);
        if (System.IO.File.Exists(path) && !force)
        {
            ThrowInvalidArgument(ErrorPrefix + "OutFileExists", $"{path} exists. Add -Force to overwrite it.", outFile);
        }

        var folder = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder) && !System.IO.Directory.Exists(folder))
        {
            ThrowInvalidArgument(ErrorPrefix + "OutFileFolderMissing", $"The folder {folder} does not exist.", outFile);
        }

        return path;
    }

    /// <summary>
    /// With -Checkpoint: locks and reads the checkpoint and works out the range this run reads, before any
    /// request (a first run needs -StartTime; later runs start at the stored mark minus the overlap; the end is
    /// -EndTime, or now minus the settle time). Without -Checkpoint: null, and the command's own range applies.
    /// </summary>
    /// <param name="parameters">The bound -Checkpoint/-Overlap/-Settle.</param>
    /// <param name="identity">What the command is asked for (vendor, server, scope, filters).</param>
    /// <param name="startTime">-StartTime as an instant, if given.</param>
    /// <param name="endTime">-EndTime as an instant, if given.</param>
    /// <param name="defaultOverlap">The vendor's documented overlap.</param>
    /// <param name="defaultSettle">The vendor's documented settle time.</param>
    /// <param name="range">The range to read.</param>
    /// <returns>The checkpoint, which <see cref="FinishCheckpoint"/> commits or releases.</returns>
    internal CallCheckpoint? OpenCheckpoint(CheckpointParameters parameters, CheckpointIdentity identity, DateTimeOffset? startTime, DateTimeOffset? endTime, TimeSpan defaultOverlap, TimeSpan defaultSettle, out (DateTimeOffset Start, DateTimeOffset End) range)
    {
        range = default;
        if (parameters.Checkpoint is null)
        {
            if (parameters.Overlap is not null || parameters.Settle is not null)
            {
                ThrowInvalidArgument(ErrorPrefix + "InvalidArgument", "-Overlap and -Settle are used with -Checkpoint.");
            }

            return null;
        }

        if (parameters.Settle is not null && endTime is not null)
        {
            ThrowInvalidArgument(ErrorPrefix + "InvalidArgument", "-Settle sets the end when -EndTime is not given; give one of them.");
        }

        CallCheckpoint? checkpoint = null;
        try
        {
            checkpoint = CallCheckpoint.Open(SessionState.Path.GetUnresolvedProviderPathFromPSPath(parameters.Checkpoint), identity);
            var end = endTime ?? DateTimeOffset.UtcNow - (parameters.Settle ?? defaultSettle);
            range = checkpoint.Range(startTime, end, parameters.Overlap ?? defaultOverlap);
            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Checkpoint {0}: {1}; reading {2:u} to {3:u}, leaving out {4} call(s) returned before.", checkpoint.Path, checkpoint.Mark is { } mark ? "last run ended " + mark.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture) : "first run", range.Start.ToUniversalTime(), range.End.ToUniversalTime(), checkpoint.RememberedCount));
            return checkpoint;
        }
        catch (CallReportsException ex)
        {
            checkpoint?.Dispose();
            ThrowTerminatingError(ToErrorRecord(ex, parameters.Checkpoint));
            throw; // unreachable: ThrowTerminatingError throws
        }
    }

    /// <summary>
    /// Commits the checkpoint when the run got to its end without writing an error; otherwise leaves the file as it
    /// was, says so, and releases it. The next run then reads the same range again (at least once after a failure).
    /// </summary>
    /// <param name="checkpoint">The checkpoint, or null.</param>
    /// <param name="completed">Whether the run got to its end (not stopped, no terminating error).</param>
    internal void FinishCheckpoint(CallCheckpoint? checkpoint, bool completed)
    {
        if (checkpoint is null)
        {
            return;
        }

        using (checkpoint)
        {
            if (completed && errorsWritten == 0)
            {
                try
                {
                    checkpoint.Commit();
                }
                catch (CallReportsException ex)
                {
                    ThrowTerminatingError(ToErrorRecord(ex, checkpoint.Path));
                }

                WriteVerbose($"Checkpoint {checkpoint.Path} updated.");
                return;
            }

            try
            {
                WriteWarning($"The checkpoint {checkpoint.Path} was not updated: the run {(completed ? "wrote errors" : "did not finish")}. The next run reads this range again, so every call of it comes back (some perhaps a second time).");
            }
            catch (PipelineStoppedException)
            {
                // A pipeline stopped downstream (Select-Object -First) cannot take a warning any more.
            }
        }
    }

    /// <summary>
    /// Writes a file the command saved as <c>Get-Item</c> would: through the file-system provider, so the object
    /// carries PSPath/PSProvider and the default view shows Mode and Length.
    /// </summary>
    /// <param name="path">The full file-system path.</param>
    /// <param name="notes">Vendor facts about the file to add to it (for example the name the server gave it).</param>
    protected void WriteFileItem(string path, params PSNoteProperty[] notes)
    {
        foreach (var item in InvokeProvider.Item.Get(new[] { path }, false, true))
        {
            foreach (var note in notes)
            {
                item.Properties.Add(note);
            }

            WriteObject(item);
        }
    }

    /// <summary>
    /// Resolves the one credential a vendor cmdlet was given: a PSCredential, a SecureString token, or a
    /// SecretManagement secret holding either. Fails before any request when none or several were given.
    /// </summary>
    /// <param name="credential">The -Credential value.</param>
    /// <param name="token">The SecureString token parameter's value (-AccessToken, -ApiKey, ...).</param>
    /// <param name="secretName">The -SecretName value.</param>
    /// <param name="vault">The -Vault value.</param>
    /// <param name="choices">How the error names the choices, e.g. "-Credential, -AccessToken or -SecretName".</param>
    /// <returns>A <see cref="PSCredential"/> or a <see cref="SecureString"/>.</returns>
    protected object ResolveCredentialOrToken(PSCredential? credential, SecureString? token, string? secretName, string? vault, string choices)
    {
        var given = (credential is null ? 0 : 1) + (token is null ? 0 : 1) + (secretName is null ? 0 : 1);
        if (given != 1)
        {
            ThrowInvalidArgument(
                ErrorPrefix + (given == 0 ? "CredentialMissing" : "CredentialAmbiguous"),
                "Give exactly one of " + choices + ".");
        }

        if (vault is not null && secretName is null)
        {
            ThrowInvalidArgument(ErrorPrefix + "VaultWithoutSecret", "-Vault is used with -SecretName.");
        }

        return secretName is not null ? GetSecret(secretName, vault) : (object?)credential ?? token!;
    }

    /// <summary>
    /// Reads a secret through SecretManagement (<c>Microsoft.PowerShell.SecretManagement\Get-Secret</c>),
    /// which must be installed. Only a PSCredential or a SecureString is accepted.
    /// </summary>
    /// <param name="name">Secret name.</param>
    /// <param name="vault">Vault name, or null for the default vault.</param>
    /// <returns>A <see cref="PSCredential"/> or a <see cref="SecureString"/>.</returns>
    protected object GetSecret(string name, string? vault)
    {
        const string Script = @"
param($Name, $Vault)
if (-not (Get-Command -Name 'Microsoft.PowerShell.SecretManagement\Get-Secret' -ErrorAction Ignore)) { return 'CallReports:NoSecretManagement' }
$splat = @{ Name = $Name; ErrorAction = 'Stop' }
if ($Vault) { $splat.Vault = $Vault }
Microsoft.PowerShell.SecretManagement\Get-Secret @splat";
        Collection<PSObject> results;
        try
        {
            results = InvokeCommand.InvokeScript(false, ScriptBlock.Create(Script), null, name, vault);
        }
        catch (RuntimeException ex)
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException(Redactor.Redact(string.Format(CultureInfo.InvariantCulture, "Could not read secret '{0}'{1}: {2}", name, vault is null ? string.Empty : " from vault '" + vault + "'", ex.Message)), ex),
                "CallReportsSecretNotFound",
                ErrorCategory.ObjectNotFound,
                name));
            throw;
        }

        var value = results.Count == 1 ? results[0]?.BaseObject : null;
        if (value is string marker && marker == "CallReports:NoSecretManagement")
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException("-SecretName needs the Microsoft.PowerShell.SecretManagement module, which is not installed. Install it (Install-PSResource Microsoft.PowerShell.SecretManagement) and register a vault, or pass -Credential instead."),
                "CallReportsSecretManagementMissing",
                ErrorCategory.NotInstalled,
                name));
        }

        if (value is PSCredential or SecureString)
        {
            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Read secret '{0}' ({1}) through SecretManagement.", name, value.GetType().Name));
            return value;
        }

        ThrowTerminatingError(new ErrorRecord(
            new InvalidOperationException(string.Format(
                CultureInfo.InvariantCulture,
                "Secret '{0}' is a {1}; CallReports accepts a PSCredential or a SecureString secret.",
                name,
                value?.GetType().Name ?? (results.Count == 0 ? "missing value" : results.Count + "-item collection"))),
            "CallReportsSecretInvalidType",
            ErrorCategory.InvalidType,
            name));
        throw new InvalidOperationException(); // unreachable: ThrowTerminatingError throws
    }

    /// <summary>
    /// The message without .NET's " (Parameter 'x')" suffix, which the re-wrapped exception adds again.
    /// </summary>
    internal static string WithoutParameterSuffix(ArgumentException ex)
    {
        var suffix = ex.ParamName is null ? null : " (Parameter '" + ex.ParamName + "')";
        return suffix is not null && ex.Message.EndsWith(suffix, StringComparison.Ordinal) ? ex.Message.Substring(0, ex.Message.Length - suffix.Length) : ex.Message;
    }

    /// <summary>Maps an engine failure to an ErrorRecord with its stable id and category.</summary>
    internal static ErrorRecord ToErrorRecord(CallReportsException ex, object? target)
    {
        // Bad input names the offending value; other failures what the command was working on.
        var record = new ErrorRecord(ex, ex.ErrorId, Category(ex.Kind), ex.Kind == FailureKind.InvalidArgument && ex.Target is not null ? ex.Target : target ?? ex.Target);
        if (ex.Target is not null)
        {
            record.CategoryInfo.TargetName = ex.Target;
        }

        return record;
    }

    private static ErrorCategory Category(FailureKind kind) => kind switch
    {
        FailureKind.InvalidArgument => ErrorCategory.InvalidArgument,
        FailureKind.Authentication => ErrorCategory.AuthenticationError,
        FailureKind.PermissionDenied => ErrorCategory.PermissionDenied,
        FailureKind.NotFound => ErrorCategory.ObjectNotFound,
        FailureKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
        FailureKind.Timeout => ErrorCategory.OperationTimeout,
        FailureKind.Connection => ErrorCategory.ConnectionError,
        FailureKind.InvalidData => ErrorCategory.InvalidData,
        FailureKind.Security => ErrorCategory.SecurityError,
        FailureKind.NotImplemented => ErrorCategory.NotImplemented,
        FailureKind.ResourceBusy => ErrorCategory.ResourceBusy,
        _ => ErrorCategory.NotSpecified,
    };

    private void WriteEntry(LogEntry entry)
    {
        switch (entry.Kind)
        {
            case LogKind.Verbose:
                WriteVerbose(entry.Message);
                break;
            case LogKind.Debug:
                WriteDebug(entry.Message);
                break;
            case LogKind.Warning:
                WriteWarning(entry.Message);
                break;
            case LogKind.Error when entry.Error is not null:
                errorsWritten++;
                WriteError(ToErrorRecord(entry.Error, null));
                break;
            case LogKind.Progress:
                var progress = new ProgressRecord(entry.ActivityId, entry.Activity ?? MyInvocation.MyCommand.Name, entry.Message)
                {
                    PercentComplete = entry.PercentComplete,
                    RecordType = entry.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
                };
                if (entry.Completed)
                {
                    if (!openProgress.Remove(entry.ActivityId))
                    {
                        return;
                    }
                }
                else
                {
                    openProgress.Add(entry.ActivityId);
                }

                WriteProgress(progress);
                break;
        }
    }

    private void CompleteOpenProgress()
    {
        foreach (var id in openProgress)
        {
            WriteProgress(new ProgressRecord(id, MyInvocation.MyCommand.Name, "Completed") { RecordType = ProgressRecordType.Completed });
        }

        openProgress.Clear();
    }
}
