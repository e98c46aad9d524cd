using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using ResilienceAnalyzers.Catalog;
using ResilienceAnalyzers.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Meta;

public sealed class DescriptorTests
{
    private static readonly Dictionary<char, string> FailureModeByDigit = new()
    {
        ['1'] = FailureMode.RetryStorm,
        ['2'] = FailureMode.CacheStampede,
        ['3'] = FailureMode.QueueOverload,
        ['4'] = FailureMode.FailOpenSecurity,
        ['5'] = FailureMode.DnsAndDiscovery,
        ['6'] = FailureMode.CascadingFailure,
        ['7'] = FailureMode.HotPartition,
        ['8'] = FailureMode.SplitBrain,
    };

    public static TheoryData<string> RuleIds() => new(RuleCatalog.Rules.Select(rule => rule.Id));

    [Fact]
    public void EveryRegisteredDescriptorIsReportedByExactlyOneAnalyzer()
    {
        var registered = typeof(Descriptors)
            .GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
            .Select(field => ((DiagnosticDescriptor)field.GetValue(null)!).Id)
            .Distinct()
            .OrderBy(id => id)
            .ToArray();

        Assert.NotEmpty(registered);
        Assert.Equal(registered, RuleCatalog.Rules.Select(rule => rule.Id).ToArray());
    }

    [Fact]
    public void IdsAreUnique() =>
        Assert.Empty(RuleCatalog.Rules.GroupBy(rule => rule.Id).Where(group => group.Count() > 1).Select(group => group.Key));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void IdFollowsTheSchemeAndItsFirstDigitNamesTheFailureMode(string id)
    {
        var descriptor = Rule(id);

        Assert.Matches(new Regex("^RES[1-9][0-9]{3}$"), id);
        Assert.Equal(FailureModeByDigit[id[3]], descriptor.Category);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void HelpLinkPointsAtTheRulePage(string id) =>
        Assert.Equal($"https://github.com/ResilienceAnalyzers/ResilienceAnalyzers/blob/main/docs/rules/{id}.md", Rule(id).HelpLinkUri);

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void DescriptorSaysWhatAndWhy(string id)
    {
        var descriptor = Rule(id);
        var title = descriptor.Title.ToString(CultureInfo.InvariantCulture);
        var message = descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture);
        var description = descriptor.Description.ToString(CultureInfo.InvariantCulture);

        Assert.False(string.IsNullOrWhiteSpace(title));
        Assert.DoesNotContain(".", title.TrimEnd('.'));
        Assert.True(message.Length > title.Length, $"{id}: the message should name the problem and its consequence, not repeat the title.");
        Assert.True(description.Length >= 200, $"{id}: the description should explain the outage the pattern leads to.");
    }

    [Fact]
    public void CompilationEndFormsShareTheirRulesTitleCategorySeverityAndPage()
    {
        var forms = RuleCatalog.Analyzers
            .SelectMany(analyzer => analyzer.SupportedDiagnostics)
            .Where(RuleCatalog.IsCompilationEnd)
            .ToList();

        Assert.NotEmpty(forms);
        Assert.All(forms, form =>
        {
            var rule = Rule(form.Id);
            Assert.False(RuleCatalog.IsCompilationEnd(rule), $"{form.Id}: a rule's main descriptor is its live form.");
            Assert.Equal(rule.Title, form.Title);
            Assert.Equal(rule.Category, form.Category);
            Assert.Equal(rule.DefaultSeverity, form.DefaultSeverity);
            Assert.Equal(rule.IsEnabledByDefault, form.IsEnabledByDefault);
            Assert.Equal(rule.HelpLinkUri, form.HelpLinkUri);
        });
    }

    private static DiagnosticDescriptor Rule(string id) => RuleCatalog.Rules.Single(rule => rule.Id == id).Descriptor;
}
