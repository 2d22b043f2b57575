namespace CallReports.Models;

/// <summary>The field separator RingCX writes the Cloud Call Detail CSV with (<c>delimiter</c> in the request).</summary>
public enum CasperDelimiter
{
    /// <summary>Comma (<c>COMMA</c>), the seed's default.</summary>
    Comma,

    /// <summary>Vertical bar (<c>PIPE</c>).</summary>
    Pipe,

    /// <summary>Tab (<c>TAB</c>).</summary>
    Tab,
}
