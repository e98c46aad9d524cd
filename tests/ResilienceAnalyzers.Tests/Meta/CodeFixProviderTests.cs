using System.Composition;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ResilienceAnalyzers.Catalog;
using Xunit;

namespace ResilienceAnalyzers.Tests.Meta;

public sealed class CodeFixProviderTests
{
    public static TheoryData<string> CodeFixNames() => new(RuleCatalog.CodeFixes.Select(fix => fix.GetType().Name));

    [Fact]
    public void ThereAreCodeFixes() => Assert.NotEmpty(RuleCatalog.CodeFixes);

    [Theory]
    [MemberData(nameof(CodeFixNames))]
    public void CodeFixIsExportedForCSharpAndShared(string name)
    {
        var type = Fix(name).GetType();
        var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();

        Assert.NotNull(export);
        Assert.Contains(LanguageNames.CSharp, export.Languages);
        Assert.Equal(name, export.Name);
        Assert.NotNull(type.GetCustomAttribute<SharedAttribute>());
    }

    [Theory]
    [MemberData(nameof(CodeFixNames))]
    public void CodeFixSupportsFixAll(string name) => Assert.NotNull(Fix(name).GetFixAllProvider());

    [Theory]
    [MemberData(nameof(CodeFixNames))]
    public void CodeFixFixesOnlyRegisteredRules(string name)
    {
        var ruleIds = RuleCatalog.Rules.Select(rule => rule.Id).ToHashSet();
        Assert.All(Fix(name).FixableDiagnosticIds, id => Assert.Contains(id, ruleIds));
    }

    private static CodeFixProvider Fix(string name) => RuleCatalog.CodeFixes.Single(fix => fix.GetType().Name == name);
}
