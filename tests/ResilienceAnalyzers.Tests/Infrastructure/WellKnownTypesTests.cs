using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ResilienceAnalyzers.Infrastructure;
using ResilienceAnalyzers.Tests.Meta;
using Xunit;

namespace ResilienceAnalyzers.Tests.Infrastructure;

public sealed class WellKnownTypesTests
{
    [Fact]
    public void AThirdPartyTypeResolvesOnlyWhenItsVendorsAssemblyIsReferenced()
    {
        Assert.Null(Types(ReferenceSets.AspNetCore).Get(WellKnownTypeNames.ConsulIHealthEndpoint));
        Assert.NotNull(Types(ReferenceSets.Consul).Get(WellKnownTypeNames.ConsulIHealthEndpoint));
        Assert.NotNull(Types(ReferenceSets.PollyV8).Get(WellKnownTypeNames.PollyRetryRetryStrategyOptions1));
    }

    [Fact]
    public void DotNetTypesResolveFromAnyOfTheirAssemblies() =>
        Assert.NotNull(Types(ReferenceSets.Net).Get(WellKnownTypeNames.SystemNetDns));

    [Fact]
    public void ATypeTheCompilationDeclaresIsNotAUseOfIt()
    {
        var types = Types(ReferenceSets.PollyV8, "namespace Polly { public sealed class DeclaredHere { } }");

        Assert.Null(types.Get("Polly.DeclaredHere"));
        Assert.NotNull(types.Get(WellKnownTypeNames.PollyResiliencePipeline));
    }

    public static TheoryData<string> ReferenceSetNames() => new() { nameof(ReferenceSets.Net), nameof(ReferenceSets.PollyV7), nameof(ReferenceSets.All) };

    /// <summary>
    /// The walk through merged namespaces finds what a lookup by metadata name finds, for every name the rules use: on
    /// a compilation without the third-party APIs, with one vendor, and with all of them.
    /// </summary>
    [Theory]
    [MemberData(nameof(ReferenceSetNames))]
    public void EachNameResolvesAsALookupByMetadataNameDoes(string referenceSet)
    {
        var references = (ImmutableArray<MetadataReference>)typeof(ReferenceSets).GetProperty(referenceSet)!.GetValue(null)!;
        var compilation = CSharpCompilation.Create("Analyzed", [CSharpSyntaxTree.ParseText("class Empty { }")], references);
        var types = WellKnownTypes.For(compilation);

        Assert.All(AllNames(), name => Assert.Equal(compilation.GetTypeByMetadataName(name), types.Get(name), SymbolEqualityComparer.Default));
        Assert.Contains(AllNames(), name => types.Get(name) is not null);
    }

    /// <summary>A reference under an extern alias is outside the global namespace, for the walk as for a lookup by metadata name.</summary>
    [Fact]
    public void ATypeOnlyInAnExternAliasedReferenceIsNotResolved()
    {
        var references = ReferenceSets.PollyV8.Select(reference => reference.Display?.EndsWith("Polly.Core.dll", StringComparison.Ordinal) == true
            ? reference.WithAliases(["polly"])
            : reference).ToImmutableArray();

        Assert.Contains(references, reference => reference.Properties.Aliases.Contains("polly"));
        Assert.Null(CSharpCompilation.Create("Analyzed", [CSharpSyntaxTree.ParseText("class Empty { }")], references).GetTypeByMetadataName(WellKnownTypeNames.PollyResiliencePipeline));
        Assert.Null(Types(references).Get(WellKnownTypeNames.PollyResiliencePipeline));
        Assert.NotNull(Types(ReferenceSets.PollyV8).Get(WellKnownTypeNames.PollyResiliencePipeline));
    }

    [Fact]
    public void AGenericTypeResolvesByItsArity()
    {
        var types = Types(ReferenceSets.PollyV8);

        Assert.Equal(1, types.Get(WellKnownTypeNames.PollyRetryRetryStrategyOptions1)?.Arity);
        Assert.Null(types.Get("Polly.Retry.RetryStrategyOptions`2"));
        Assert.Null(types.Get("Polly.NoSuchNamespace.ResiliencePipeline"));
    }

    private static string[] AllNames() => WellKnownTypeNamesTests.Constants().Select(field => (string)field.GetValue(null)!).ToArray();

    private static WellKnownTypes Types(ImmutableArray<MetadataReference> references, string source = "class Empty { }") =>
        WellKnownTypes.For(CSharpCompilation.Create("Analyzed", [CSharpSyntaxTree.ParseText(source)], references));
}
