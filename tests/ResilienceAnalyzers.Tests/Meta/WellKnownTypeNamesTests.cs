using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ResilienceAnalyzers.Infrastructure;
using Xunit;

namespace ResilienceAnalyzers.Tests.Meta;

public sealed class WellKnownTypeNamesTests
{
    [Fact]
    public void NamesAreSortedAndEachConstantSpellsItsMetadataName()
    {
        var fields = Constants();

        Assert.Equal(fields.Select(f => f.Name).Order(StringComparer.Ordinal), fields.Select(f => f.Name));
        Assert.All(fields, field =>
            Assert.Equal(field.Name, ((string)field.GetValue(null)!).Replace(".", string.Empty, StringComparison.Ordinal).Replace("`", string.Empty, StringComparison.Ordinal)));
    }

    /// <summary>The metadata names the rules look types up by: every constant of <see cref="WellKnownTypeNames"/>.</summary>
    internal static List<FieldInfo> Constants() =>
        typeof(WellKnownTypeNames).GetFields(BindingFlags.Static | BindingFlags.NonPublic)
            .Where(field => field.IsLiteral)
            .ToList();
}
