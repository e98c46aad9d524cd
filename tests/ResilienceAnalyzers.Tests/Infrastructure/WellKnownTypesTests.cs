using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ResilienceAnalyzers.Infrastructure;
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

    private static WellKnownTypes Types(ImmutableArray<MetadataReference> references, string source = "class Empty { }") =>
        WellKnownTypes.For(CSharpCompilation.Create("Analyzed", [CSharpSyntaxTree.ParseText(source)], references));
}
