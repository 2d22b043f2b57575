namespace CallReports.Sandbox.Emulators.PortSip;

/// <summary>Which PortSIP sign-in API an emulated PBX speaks.</summary>
public enum PortSipGeneration
{
    /// <summary>v16.x: <c>POST /api/login</c> (cookie) + <c>GET /api/login</c>; no refresh token.</summary>
    V16,

    /// <summary>v22.0/22.1: <c>POST /api/login/oauth/token</c> (form), <c>/api/login/oauth/revoke</c>.</summary>
    V22_0,

    /// <summary>v22.2+: <c>POST /api/auth/sign_in</c> (JSON), <c>/api/auth/refresh_token</c>, <c>/api/auth/sign_out</c>.</summary>
    V22_2,
}
