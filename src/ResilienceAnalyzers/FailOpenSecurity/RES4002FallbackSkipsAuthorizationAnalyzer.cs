using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.FailOpenSecurity;

/// <summary>
/// RES4002: a <c>try</c> that checks access (<see cref="AccessChecks.IsCheck"/>) and then calls the protected
/// operation, with a <c>catch</c> that calls that operation — the same method, one of the same name (a cache or replica
/// of it), or one that reads the same resource by the same identifiers (<see cref="ReadsTheSameResource"/>) — without a
/// check of its own. Operations are awaited calls or calls into the compilation's own
/// methods whose result is used; logging and controller result helpers (<c>Ok</c>, <c>Forbid</c>) are not. A check made before the
/// <c>try</c> guards both paths and is not flagged. Only calls on the path where the check succeeded are guarded: a call
/// made in the branch that runs when it fails (the public view served to the denied) is not protected by it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RES4002FallbackSkipsAuthorizationAnalyzer : ResilienceAnalyzer<RES4002FallbackSkipsAuthorizationAnalyzer.Symbols>
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RES4002FallbackSkipsAuthorization);

    internal override Symbols ResolveSymbols(WellKnownTypes types) =>
        new(new AccessChecks(types), types.Get(WellKnownTypeNames.MicrosoftAspNetCoreMvcControllerBase));

    internal override void OnCompilationStart(RuleContext context, Symbols symbols) =>
        context.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.Try);

    private static void Analyze(OperationAnalysisContext context, Symbols symbols)
    {
        var tryOperation = (ITryOperation)context.Operation;
        if (tryOperation.Catches.IsEmpty)
        {
            return;
        }

        var calls = tryOperation.Body.Descendants().OfType<IInvocationOperation>().ToList();
        var check = calls.FirstOrDefault(symbols.Access.IsCheck);
        if (check is null)
        {
            return;
        }

        var denied = DeniedBranches(check, tryOperation.Body).ToList();
        var servedToTheDenied = calls.Where(call => denied.Any(branch => branch.Syntax.Span.Contains(call.Syntax.Span))).ToList();
        var guarded = calls
            .Where(call => call.Syntax.SpanStart > check.Syntax.SpanStart && IsOperation(call, symbols) && !servedToTheDenied.Contains(call))
            .ToList();
        foreach (var catchClause in tryOperation.Catches)
        {
            var fallbackCalls = catchClause.Handler.Descendants().OfType<IInvocationOperation>().ToList();
            if (fallbackCalls.Any(symbols.Access.IsCheck))
            {
                continue;
            }

            foreach (var fallback in fallbackCalls.Where(call => IsOperation(call, symbols)))
            {
                if (servedToTheDenied.Any(call => SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, fallback.TargetMethod.OriginalDefinition)))
                {
                    continue;
                }

                if (guarded.FirstOrDefault(primary => primary.TargetMethod.Name == fallback.TargetMethod.Name || ReadsTheSameResource(primary, fallback)) is { } primary)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.RES4002FallbackSkipsAuthorization,
                        fallback.Syntax.GetLocation(),
                        Name(fallback.TargetMethod),
                        Name(check.TargetMethod),
                        Name(primary.TargetMethod)));
                }
            }
        }
    }

    /// <summary>
    /// A call that produces something a check could guard: awaited or into the compilation's own code, its result
    /// used (a call made for its side effect, such as an audit record, serves nothing) — not a check, not logging, not a
    /// controller's result helper.
    /// </summary>
    private static bool IsOperation(IInvocationOperation call, Symbols symbols)
    {
        var method = call.TargetMethod;
        var user = call.ParentSkippingConversions();
        var awaited = user is IAwaitOperation;
        if (awaited)
        {
            user = user!.ParentSkippingConversions();
        }

        return (awaited || method.Locations.Any(location => location.IsInSource))
            && user is not IExpressionStatementOperation
            && !symbols.Access.IsCheck(call)
            && !method.ContainingType.InheritsFromOrEquals(symbols.ControllerBase)
            && method.ContainingNamespace?.ToDisplayString() != "Microsoft.Extensions.Logging";
    }

    /// <summary>
    /// The fallback reads what the guarded call reads from another source under another name — a replica's
    /// <c>LoadOrderAsync(id)</c> for <c>orders.GetAsync(id)</c>: it returns the same type, not a primitive or a string, and
    /// passes every local and parameter the guarded call passes (the identifiers that pick the resource).
    /// </summary>
    private static bool ReadsTheSameResource(IInvocationOperation primary, IInvocationOperation fallback)
    {
        if (Produced(primary.TargetMethod.ReturnType) is not { } resource
            || resource.SpecialType != SpecialType.None
            || !SymbolEqualityComparer.Default.Equals(resource, Produced(fallback.TargetMethod.ReturnType)))
        {
            return false;
        }

        var keys = Identifiers(primary);
        return keys.Count > 0 && keys.IsSubsetOf(Identifiers(fallback));
    }

    /// <summary>What a call produces: the <c>T</c> of a <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>, else its return type.</summary>
    private static ITypeSymbol? Produced(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task ? task.TypeArguments[0] : type.SpecialType == SpecialType.System_Void ? null : type;

    /// <summary>The locals and parameters a call's arguments read, but a cancellation token.</summary>
    private static HashSet<ISymbol> Identifiers(IInvocationOperation call) =>
        new(
            call.Arguments.SelectMany(argument => argument.Value.DescendantsAndSelf())
                .Select(operation => operation switch
                {
                    ILocalReferenceOperation local => (ISymbol)local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    _ => null,
                })
                .Where(symbol => symbol is not null && (symbol as ILocalSymbol)?.Type.Name != "CancellationToken" && (symbol as IParameterSymbol)?.Type.Name != "CancellationToken")!,
            SymbolEqualityComparer.Default);

    /// <summary>
    /// The branches that run when the check fails: of an <c>if</c> whose condition is the check, or a local holding its
    /// result — the else branch of <c>if (allowed)</c>, the then branch of <c>if (!allowed)</c> or <c>if (allowed == false)</c>.
    /// </summary>
    private static IEnumerable<IOperation> DeniedBranches(IInvocationOperation check, IOperation scope)
    {
        IOperation result = check;
        while (result.Parent is IAwaitOperation or IConversionOperation)
        {
            result = result.Parent;
        }

        var holder = result.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } ? declarator.Symbol : null;
        foreach (var conditional in scope.Descendants().OfType<IConditionalOperation>())
        {
            var test = conditional.Condition.DescendantsAndSelf().FirstOrDefault(operation => operation == result
                || (holder is not null && operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, holder)));
            if (test is null)
            {
                continue;
            }

            var negated = false;
            for (var node = test; node != conditional.Condition && node.Parent is { } parent; node = parent)
            {
                negated ^= parent is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not }
                    || parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals, RightOperand.ConstantValue: { HasValue: true, Value: false } }
                    || parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals, RightOperand.ConstantValue: { HasValue: true, Value: true } };
            }

            if ((negated ? conditional.WhenTrue : conditional.WhenFalse) is { } branch)
            {
                yield return branch;
            }
        }
    }

    private static string Name(IMethodSymbol method) => $"{method.ContainingType.Name}.{method.Name}";

    /// <summary>The access-check model and <c>ControllerBase</c>, whose result helpers are not operations.</summary>
    internal sealed class Symbols
    {
        internal Symbols(AccessChecks access, INamedTypeSymbol? controllerBase)
        {
            Access = access;
            ControllerBase = controllerBase;
        }

        internal AccessChecks Access { get; }

        internal INamedTypeSymbol? ControllerBase { get; }
    }
}
