using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ResilienceAnalyzers.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Infrastructure;

public sealed class ResilienceOptionsTests
{
    [Theory]
    [InlineData(null, 1000)]
    [InlineData("250", 250)]
    [InlineData(" 64 ", 64)]
    [InlineData("0", 1000)]
    [InlineData("-5", 1000)]
    [InlineData("lots", 1000)]
    [InlineData("99999999999", 1000)]
    public void ReadsTheKeyOrFallsBackToTheDefault(string? configured, int expected)
    {
        var tree = CSharpSyntaxTree.ParseText("class C { }");
        var values = new Dictionary<string, string>();
        if (configured is not null)
        {
            values["resilience.default_queue_capacity"] = configured;
        }

        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new ConfigProvider(values));

        Assert.Equal(expected, options.Read(tree, ResilienceOptions.DefaultQueueCapacity));
    }

    [Fact]
    public void EveryKeyHasThePrefixAndADescription() => Assert.All(ResilienceOptions.All, option =>
    {
        Assert.StartsWith("resilience.", option.Key);
        Assert.Matches("^[a-z_]+$", option.Name);
        Assert.NotEmpty(option.Description);
        Assert.True(option.DefaultValue >= option.Minimum);
    });

    private sealed class ConfigProvider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Config(values);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;
    }

    private sealed class Config(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
