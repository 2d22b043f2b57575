using System.Threading.Tasks;
using CallReports.Engine.Http;
using Xunit;

namespace CallReports.Engine.Tests.Http;

/// <summary>The background warm-up of a fresh process runs the HTTP machinery without sending anything.</summary>
public sealed class WarmupTests
{
    [Fact]
    public async Task The_pipeline_warm_up_answers_itself_and_sends_no_request()
    {
        // Its options name https://localhost/, where nothing listens here: a request that left the process would fail
        // with a connection error (after the pipeline's retries), so completing proves the attempt answered itself.
        await HttpPipeline.WarmAsync();
    }
}
