using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>The value of a <c>TimeSpan</c> written from constants: <c>TimeSpan.FromSeconds(2)</c>, <c>new TimeSpan(0, 0, 2)</c>.</summary>
internal static class ConstantTimeSpans
{
    internal static TimeSpan? Read(IOperation operation)
    {
        switch (operation.WalkDownConversions())
        {
            case IInvocationOperation { TargetMethod.ContainingType.Name: "TimeSpan", Arguments.Length: 1 } factory
                when Number(factory.Arguments[0].Value) is { } amount:
                return factory.TargetMethod.Name switch
                {
                    "FromMilliseconds" => TimeSpan.FromMilliseconds(amount),
                    "FromSeconds" => TimeSpan.FromSeconds(amount),
                    "FromMinutes" => TimeSpan.FromMinutes(amount),
                    "FromHours" => TimeSpan.FromHours(amount),
                    _ => null,
                };
            case IObjectCreationOperation { Type.Name: "TimeSpan", Arguments.Length: 3 } creation
                when creation.Arguments.Select(a => Number(a.Value)).ToList() is var parts && parts.All(part => part is not null):
                return new TimeSpan((int)parts[0]!.Value, (int)parts[1]!.Value, (int)parts[2]!.Value);
            default:
                return null;
        }
    }

    private static double? Number(IOperation operation) =>
        operation.WalkDownConversions().ConstantValue is { HasValue: true, Value: var value } && value is int or long or double or float
            ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
