using System;
using System.Threading.Tasks;
using Xunit;

namespace ResilienceAnalyzers.Tests.Infrastructure;

/// <summary>Runs a lab's built executable from the test output, as a user would, to check how it answers bad input.</summary>
internal static class LabCommandLine
{
    /// <summary>Asserts the lab refuses the arguments (separated by spaces) with exit code 2, the message, and no stack trace.</summary>
    public static Task AssertRefusedAsync(string assembly, string arguments, string message) =>
        AssertRefusedAsync(assembly, arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries), message, AppContext.BaseDirectory);

    /// <summary>Asserts the lab, run in <paramref name="workingDirectory"/>, refuses the arguments with exit code 2, the message, and no stack trace.</summary>
    public static async Task AssertRefusedAsync(string assembly, string[] arguments, string message, string workingDirectory)
    {
        var result = await DotNetCli.RunAsync(workingDirectory, null, [System.IO.Path.Combine(AppContext.BaseDirectory, assembly), .. arguments]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }
}
