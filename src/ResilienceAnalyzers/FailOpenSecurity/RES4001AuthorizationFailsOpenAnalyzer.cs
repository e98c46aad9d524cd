using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.FailOpenSecurity;

/// <summary>
/// RES4001: code that decides access (<see cref="AccessChecks"/>) and grants it when the check fails — in a
/// <c>catch</c>: <c>return true</c> (<c>false</c> for names of denial), <c>Task.FromResult(true)</c>,
/// <c>context.Succeed(…)</c>, <c>AuthorizationResult.Success()</c>, <c>AuthenticateResult.Success(…)</c>; in a
/// Polly fallback: v7 <c>Fallback(Async)(true)</c>, or a v8 <c>FallbackAction</c> returning
/// <c>Outcome.FromResult(true)</c> or a success — also one defined in a field or a constructor and run by a method that
/// decides access. A grant under a condition that reads anything but the caught
/// exception is a second check (a local role, a cached decision), not a blind grant, and is not flagged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES4001AuthorizationFailsOpenAnalyzer : ResilienceAnalyzer<RES4001AuthorizationFailsOpenAnalyzer.Symbols>
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RES4001AuthorizationFailsOpen);

    internal override Symbols ResolveSymbols(WellKnownTypes types) =>
        new(new AccessChecks(types), types.Get(WellKnownTypeNames.PollyOutcome), types.Get(WellKnownTypeNames.PollyPolicy)?.ContainingAssembly);

    internal override void OnCompilationStart(RuleContext context, Symbols symbols)
    {
        context.RegisterOperationAction(c => AnalyzeCatch(c, symbols), OperationKind.CatchClause);
        if (symbols.Outcome is not null || symbols.PollyV7 is not null)
        {
            context.RegisterCallsNamed(FallbackCallNames, c => AnalyzeFallback(c, symbols));
        }
    }

    private static void AnalyzeCatch(OperationAnalysisContext context, Symbols symbols)
    {
        var catchClause = (ICatchClauseOperation)context.Operation;
        AccessDecision? decision = null;
        foreach (var operation in catchClause.Handler.Descendants())
        {
            if (!RunsAsPartOf(operation, catchClause))
            {
                continue;
            }

            decision ??= symbols.Access.Describe(context.ContainingSymbol, catchClause);
            if (decision is null)
            {
                return;
            }

            if (Grant(operation, decision, symbols) is var (location, granted))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES4001AuthorizationFailsOpen, location, "This catch", granted, decision.Name));
            }
        }
    }

    /// <summary>
    /// True when the operation runs whenever the catch does: not in a nested catch or function, and not under a
    /// condition that reads anything but the caught exception (which would make it a second check).
    /// </summary>
    private static bool RunsAsPartOf(IOperation operation, ICatchClauseOperation catchClause)
    {
        foreach (var ancestor in operation.Ancestors())
        {
            switch (ancestor)
            {
                case var _ when ancestor == catchClause:
                    return true;
                case ICatchClauseOperation or IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
                case IConditionalOperation conditional when ReadsMoreThanTheException(conditional.Condition, catchClause.ExceptionDeclarationOrExpression):
                case ISwitchOperation switchOperation when ReadsMoreThanTheException(switchOperation.Value, catchClause.ExceptionDeclarationOrExpression):
                    return false;
            }
        }

        return false;
    }

    private static bool ReadsMoreThanTheException(IOperation condition, IOperation? exceptionDeclaration)
    {
        var exception = (exceptionDeclaration as IVariableDeclaratorOperation)?.Symbol;
        return condition.DescendantsAndSelf().Any(node => node switch
        {
            ILocalReferenceOperation local => !SymbolEqualityComparer.Default.Equals(local.Local, exception),
            IParameterReferenceOperation or IFieldReferenceOperation or IInvocationOperation or IInstanceReferenceOperation => true,
            _ => false,
        });
    }

    /// <summary>The calls a fallback grants through: Polly v7's <c>Fallback</c>, and the outcomes a v8 fallback action returns.</summary>
    private static readonly HashSet<string> FallbackCallNames = MethodNames.Of("Fallback", "FallbackAsync", "FromResult", "FromResultAsValueTask", "Success", "Succeed");

    private static void AnalyzeFallback(OperationAnalysisContext context, Symbols symbols)
    {
        var call = (IInvocationOperation)context.Operation;
        var isV7Fallback = call.TargetMethod.Name is "Fallback" or "FallbackAsync"
            && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingAssembly, symbols.PollyV7);
        // Only a call that can grant is worth the walk up to an enclosing FallbackAction.
        if (!isV7Fallback && !(call.TargetMethod.Name is "FromResult" or "FromResultAsValueTask" or "Success" or "Succeed" && InFallbackAction(call)))
        {
            return;
        }

        if ((symbols.Access.Describe(context.ContainingSymbol, call) ?? DecisionRunningTheFallback(context, call, symbols)) is not { } decision)
        {
            return;
        }

        // In code that decides access, a bool a fallback stands in for is the decision: true unless the name says denial.
        decision = decision.GrantingValue is null ? new AccessDecision(decision.Name, grantingValue: true) : decision;

        var fallbackValue = isV7Fallback ? call.Arguments.ValueFor("fallbackValue") : null;
        var grant = fallbackValue is not null
            ? GrantingConstant(fallbackValue, decision, $"{call.TargetMethod.Name}({{0}})")
            : Grant(call, decision, symbols);
        if (grant is var (location, granted))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RES4001AuthorizationFailsOpen, location, "This fallback", granted, decision.Name));
        }
    }

    /// <summary>
    /// The access decision that runs a fallback defined outside it: a policy or pipeline built in a field's initializer
    /// or assigned to a field by a constructor, executed (<c>fallback.ExecuteAsync(…)</c>) by a method of the same type
    /// that decides access; null when no such method runs it.
    /// </summary>
    private static AccessDecision? DecisionRunningTheFallback(OperationAnalysisContext context, IOperation fallback, Symbols symbols)
    {
        var field = context.ContainingSymbol switch
        {
            IFieldSymbol initialized => initialized,
            IMethodSymbol { MethodKind: MethodKind.Constructor } => fallback.Ancestors().OfType<ISimpleAssignmentOperation>().Select(a => a.Target).OfType<IFieldReferenceOperation>().FirstOrDefault()?.Field,
            _ => null,
        };
        if (field is null || fallback.SemanticModel is not { } model)
        {
            return null;
        }

        foreach (var reference in field.ReferencesInItsType(model, context.CancellationToken))
        {
            if (reference.Parent is IInvocationOperation execution
                && execution.Instance == reference
                && execution.TargetMethod.Name.StartsWith("Execute", System.StringComparison.Ordinal)
                && model.GetEnclosingSymbol(execution.Syntax.SpanStart, context.CancellationToken) is IMethodSymbol { MethodKind: MethodKind.Ordinary } runner
                && symbols.Access.Describe(runner, execution.Root()) is { } decision)
            {
                return decision;
            }
        }

        return null;
    }

    /// <summary>True inside the lambda assigned to a Polly v8 <c>FallbackStrategyOptions.FallbackAction</c>.</summary>
    private static bool InFallbackAction(IOperation operation) =>
        operation.Ancestors().OfType<IAnonymousFunctionOperation>().FirstOrDefault()?.UseOfLambda()
            is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "FallbackAction", ContainingType.Name: "FallbackStrategyOptions" } } };

    /// <summary>Where and how the operation grants access, if it does.</summary>
    private static (Location Location, string Granted)? Grant(IOperation operation, AccessDecision decision, Symbols symbols)
    {
        switch (operation)
        {
            case IReturnOperation { ReturnedValue: { } value }:
                return GrantingConstant(value, decision, "return {0}");
            case IInvocationOperation call:
                var method = call.TargetMethod;
                var type = method.ContainingType;
                if (method.Name == "Succeed" && SymbolEqualityComparer.Default.Equals(type, symbols.Access.AuthorizationHandlerContext))
                {
                    return (call.Syntax.GetLocation(), "context.Succeed");
                }

                if (method.Name == "Success" && (SymbolEqualityComparer.Default.Equals(type, symbols.Access.AuthorizationResult) || SymbolEqualityComparer.Default.Equals(type, symbols.Access.AuthenticateResult)))
                {
                    return (call.Syntax.GetLocation(), $"{type.Name}.Success");
                }

                var wrapsAResult = method.Name is "FromResult" or "FromResultAsValueTask"
                    && (type.Name is "Task" or "ValueTask" || SymbolEqualityComparer.Default.Equals(type, symbols.Outcome));
                return wrapsAResult && call.Arguments.Length == 1 ? GrantingConstant(call.Arguments[0].Value, decision, $"{type.Name}.{method.Name}({{0}})") : null;
            default:
                return null;
        }
    }

    /// <summary>The value, when it is the constant <c>bool</c> that grants access in this decision.</summary>
    private static (Location Location, string Granted)? GrantingConstant(IOperation value, AccessDecision decision, string format)
    {
        value = value.WalkDownConversions();
        return decision.GrantingValue is { } granting && value.ConstantValue is { HasValue: true, Value: bool constant } && constant == granting
            ? (value.Syntax.GetLocation(), string.Format(System.Globalization.CultureInfo.InvariantCulture, format, constant ? "true" : "false"))
            : null;
    }

    /// <summary>The access-decision model, Polly v8's <c>Outcome</c> and Polly v7's assembly (either may be absent).</summary>
    internal sealed class Symbols
    {
        internal Symbols(AccessChecks access, INamedTypeSymbol? outcome, IAssemblySymbol? pollyV7)
        {
            Access = access;
            Outcome = outcome;
            PollyV7 = pollyV7;
        }

        internal AccessChecks Access { get; }

        internal INamedTypeSymbol? Outcome { get; }

        internal IAssemblySymbol? PollyV7 { get; }
    }
}
