using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ResilienceAnalyzers.Benchmarks;
using ResilienceAnalyzers.Catalog;

const string Usage = """
    usage: ResilienceAnalyzers.Benchmarks [--files N (1..20000, default 2000) | --sources FOLDER] [--repetitions N (1..20, default 3)]
                                         [--references all|declared] [--diagnostics FILE [--no-timing [--all-rules]]]
             --sources      measure on the C# files of a real repository instead of a generated corpus (tests and build output skipped)
             --references   with --sources, what the files compile against: all (default) — .NET, ASP.NET Core and every package the
                            rules read — or declared — .NET, ASP.NET Core and only the packages the repository's project files
                            reference, as far as this benchmark holds them: what a build of that repository compiles against
             --diagnostics  also write every diagnostic of the pack to FILE, one line each, as a build prints them
             --no-timing    only write the diagnostics: one analysis, no measurements
             --all-rules    with --no-timing, also report the rules that are off by default, as the strict preset does
           ResilienceAnalyzers.Benchmarks retry-budget [--operations N (1000..100000000, default 10000000)]
    """;

if (args.Length > 0 && args[0] == "retry-budget")
{
    var operations = 10_000_000;
    if (args.Length is not (1 or 3) || (args.Length == 3 && (args[1] != "--operations" || !TryReadNumber(args, 2, 1000, 100_000_000, out operations))))
    {
        Console.Error.WriteLine("Bad arguments for retry-budget.");
        Console.Error.WriteLine(Usage);
        return 2;
    }

    Console.Write(RetryBudgetBenchmark.Run(operations));
    return 0;
}

var files = 2000;
var repetitions = 3;
string? sourceFolder = null;
string? diagnosticsFile = null;
var timing = true;
var allRules = false;
var referenceSet = ReferenceSet.All;
for (var i = 0; i < args.Length; i++)
{
    var valid = args[i] switch
    {
        "--files" => sourceFolder is null && TryReadNumber(args, ++i, 1, 20_000, out files),
        "--repetitions" => TryReadNumber(args, ++i, 1, 20, out repetitions),
        "--sources" => ++i < args.Length && Directory.Exists(sourceFolder = args[i]),
        "--diagnostics" => ++i < args.Length && (diagnosticsFile = args[i]).Length > 0,
        "--no-timing" => !(timing = false),
        "--all-rules" => allRules = true,
        "--references" => ++i < args.Length && Enum.TryParse(args[i], ignoreCase: true, out referenceSet) && Enum.IsDefined(referenceSet),
        _ => false,
    };
    if (!valid)
    {
        Console.Error.WriteLine($"Bad argument near '{args[Math.Min(i, args.Length - 1)]}'.");
        Console.Error.WriteLine(Usage);
        return 2;
    }
}

var sources = sourceFolder is null ? CorpusGenerator.Generate(files).ToList() : SourceFolder.Read(sourceFolder);
if (sources.Count < 2)
{
    Console.Error.WriteLine($"No C# sources found under '{sourceFolder}'.");
    return 2;
}

if (referenceSet != ReferenceSet.All && sourceFolder is null)
{
    Console.Error.WriteLine("--references declared needs --sources: a generated corpus declares no packages.");
    Console.Error.WriteLine(Usage);
    return 2;
}

var references = CorpusReferences.For(referenceSet, sourceFolder);
if (allRules && timing)
{
    Console.Error.WriteLine("--all-rules needs --no-timing: timings are of the rules a project gets by default.");
    Console.Error.WriteLine(Usage);
    return 2;
}

if (!timing)
{
    if (diagnosticsFile is null)
    {
        Console.Error.WriteLine("--no-timing needs --diagnostics FILE.");
        Console.Error.WriteLine(Usage);
        return 2;
    }

    var found = await CompileBenchmark.DiagnosticsAsync(sources, references, RuleCatalog.Analyzers, allRules);
    await WriteDiagnosticsAsync(diagnosticsFile, found);
    Console.WriteLine($"{found.Length} diagnostics written to {diagnosticsFile}.");
    return 0;
}

var report = await CompileBenchmark.RunAsync(sourceFolder is null ? "generated" : $"{sourceFolder} ({referenceSet.ToString().ToLowerInvariant()} references)", sources, references, repetitions, RuleCatalog.Analyzers);
Console.Write(BenchmarkTable.Render(report));
if (diagnosticsFile is not null)
{
    await WriteDiagnosticsAsync(diagnosticsFile, report.Diagnostics);
}

// A generated corpus must compile cleanly; a real repository's loose files never quite do.
return sourceFolder is not null || report.CompilerErrors == 0 ? 0 : 1;

static Task WriteDiagnosticsAsync(string path, IEnumerable<Microsoft.CodeAnalysis.Diagnostic> diagnostics) =>
    File.WriteAllLinesAsync(path, diagnostics.Select(CompileBenchmark.Describe));

static bool TryReadNumber(string[] args, int index, int minimum, int maximum, out int value)
{
    value = 0;
    return index < args.Length
        && int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out value)
        && value >= minimum && value <= maximum;
}
