namespace CallReports.Models;

/// <summary>The platform a <see cref="CallRecord"/> came from.</summary>
public enum CallPlatform
{
    /// <summary>PortSIP PBX (CDRs and call logs).</summary>
    PortSip,

    /// <summary>RingCentral RingCX / Engage Voice (Cloud Call Detail report).</summary>
    RingCX,

    /// <summary>Yeastar P-Series (per-call report rows).</summary>
    Yeastar,

    /// <summary>VOXO.</summary>
    Voxo,

    /// <summary>Ozonetel CloudAgent.</summary>
    Ozonetel,
}
