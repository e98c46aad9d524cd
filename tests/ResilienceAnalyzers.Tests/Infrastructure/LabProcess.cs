using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace ResilienceAnalyzers.Tests.Infrastructure;

/// <summary>
/// One run of a lab's executable, the way users run it, with an output folder of its own: labs timed to fractions of
/// a second must not share a process — its heap and its thread pool — with what earlier tests left behind. Results
/// are read back from the files the lab writes; disposing deletes them.
/// </summary>
internal sealed class LabProcess : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string folder;

    private LabProcess(string folder) => this.folder = folder;

    /// <summary>Runs <paramref name="assembly"/> with <paramref name="arguments"/> and <c>--out</c>; fails the test unless it exits with 0.</summary>
    public static async Task<LabProcess> RunAsync(string assembly, params string[] arguments)
    {
        var run = new LabProcess(Directory.CreateTempSubdirectory(Path.GetFileNameWithoutExtension(assembly) + "-").FullName);
        try
        {
            var result = await DotNetCli.RunAsync(AppContext.BaseDirectory, null, [Path.Combine(AppContext.BaseDirectory, assembly), .. arguments, "--out", run.folder]);
            Assert.True(result.ExitCode == 0, result.ToString());
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    public string PathOf(string file) => Path.Combine(folder, file);

    /// <summary>A JSON-lines file of the run, one <typeparamref name="T"/> per line.</summary>
    public List<T> ReadLines<T>(string file) => File.ReadLines(PathOf(file)).Select(line => JsonSerializer.Deserialize<T>(line, Json)!).ToList();

    /// <summary>A line read as a <see cref="JsonElement"/>, once its shape is known.</summary>
    public static T Deserialize<T>(JsonElement line) => line.Deserialize<T>(Json)!;

    /// <summary>A JSON file of the run.</summary>
    public T Read<T>(string file) => JsonSerializer.Deserialize<T>(File.ReadAllText(PathOf(file)), Json)!;

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
