using System.Threading.Tasks;
using Xunit;

namespace ResilienceAnalyzers.Tests.Infrastructure;

/// <summary>
/// A lab's <c>--quick</c> run as its own process (see <see cref="LabProcess"/>), once for a test class; the class reads
/// its results back from the files the lab wrote.
/// </summary>
public abstract class LabQuickRun : IAsyncLifetime
{
    private readonly string assembly;

    private LabProcess? run;

    protected LabQuickRun(string assembly) => this.assembly = assembly;

    /// <summary>The run; set once the lab has exited.</summary>
    internal LabProcess Run => run!;

    public async Task InitializeAsync()
    {
        run = await LabProcess.RunAsync(assembly, "--quick");
        ReadResults(run);
    }

    public Task DisposeAsync()
    {
        run?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Reads what the tests assert from the files of the finished run.</summary>
    private protected abstract void ReadResults(LabProcess finished);
}
