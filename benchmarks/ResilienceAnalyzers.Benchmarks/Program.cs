using System;
using System.Globalization;
using ResilienceAnalyzers.Benchmarks;
using ResilienceAnalyzers.Catalog;

const string Usage = """
    usage: ResilienceAnalyzers.Benchmarks [--files N (1..20000, default 2000)] [--repetitions N (1..20, default 3)]
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
for (var i = 0; i < args.Length; i++)
{
    var valid = args[i] switch
    {
        "--files" => TryReadNumber(args, ++i, 1, 20_000, out files),
        "--repetitions" => TryReadNumber(args, ++i, 1, 20, out repetitions),
        _ => false,
    };
    if (!valid)
    {
        Console.Error.WriteLine($"Bad argument near '{args[Math.Min(i, args.Length - 1)]}'.");
        Console.Error.WriteLine(Usage);
        return 2;
    }
}

var report = await CompileBenchmark.RunAsync(files, repetitions, RuleCatalog.Analyzers);
Console.Write(BenchmarkTable.Render(report));
return report.CompilerErrors == 0 ? 0 : 1;

static bool TryReadNumber(string[] args, int index, int minimum, int maximum, out int value)
{
    value = 0;
    return index < args.Length
        && int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out value)
        && value >= minimum && value <= maximum;
}
