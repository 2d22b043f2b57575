namespace CallReports.Models;

/// <summary>The telephony platforms CallReports talks to.</summary>
public enum CallReportsVendor
{
    /// <summary>PortSIP PBX REST API.</summary>
    PortSip,

    /// <summary>RingCentral Engage Voice / RingCX cloud call detail report.</summary>
    Casper,

    /// <summary>Yeastar P-Series OpenAPI.</summary>
    Yeastar,

    /// <summary>VOXO call reports API.</summary>
    Voxo,

    /// <summary>Ozonetel CloudAgent.</summary>
    Ozonetel,
}
