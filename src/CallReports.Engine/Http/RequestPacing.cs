namespace CallReports.Engine.Http;

/// <summary>
/// A vendor's documented request limit, held by the shared pipeline: every attempt (retries included) waits
/// for a slot of <paramref name="Limiter"/>, and a 429 pauses the limiter for the Retry-After or a whole
/// window, whichever is longer, instead of retrying inside the window that refused it (a pause longer than
/// five minutes is not waited out). <paramref name="OnWait"/> hears each wait before it begins, for progress.
/// </summary>
/// <param name="Limiter">The process-wide limiter (<see cref="RequestRateLimiter.For"/>).</param>
/// <param name="OnWait">Told how long the next attempt waits, or null.</param>
/// <param name="SaysLimitReached">
/// For a vendor that says "limit reached" in a body with another status (Ozonetel's 200 "max limit exceeded"):
/// whether an answer says so, to be handled as a 429. Null when only a 429 says it.
/// </param>
internal sealed record RequestPacing(RequestRateLimiter Limiter, Action<TimeSpan>? OnWait, Func<HttpResponseMessage, CancellationToken, Task<bool>>? SaysLimitReached = null);
