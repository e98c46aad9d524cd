using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// The loops that drain a channel (<c>while (await reader.WaitToReadAsync())</c>, <c>await foreach (… in
/// reader.ReadAllAsync())</c>), and the code that runs only inside them: a private method whose every use in its type is
/// a call awaited inside such a loop. A consumer loop takes an item, awaits its work and only then takes the next, so
/// what it runs happens one item at a time (RES2001, RES2002: two misses never overlap), at the pace the consumer takes
/// items (RES3001: a queue written only there is fed by another queue's consumer).
/// </summary>
internal static class ConsumerLoops
{
    /// <summary>True when <paramref name="access"/>, written in its method's own body, runs only inside channel-draining loops: its method is private, and every use of it in its type is a call awaited inside one.</summary>
    internal static bool RunsOnlyInside(IOperation access, CancellationToken cancellationToken)
    {
        if (access.IsInsideFunction()
            || access.SemanticModel is not { } model
            || model.GetEnclosingSymbol(access.Syntax.SpanStart, cancellationToken) is not IMethodSymbol { DeclaredAccessibility: Accessibility.Private, MethodKind: MethodKind.Ordinary } method
            || method.ContainingType.DeclaringSyntaxReferences.Any(declaration => declaration.SyntaxTree != model.SyntaxTree))
        {
            return false;
        }

        var calls = 0;
        foreach (var name in method.ContainingType.DeclaringSyntaxReferences
            .SelectMany(declaration => declaration.GetSyntax(cancellationToken).DescendantNodes())
            .OfType<SimpleNameSyntax>()
            .Where(name => name.Identifier.ValueText == method.Name))
        {
            if (!model.Names(name, method, cancellationToken))
            {
                continue;
            }

            // A use that is not a call awaited in a consumer loop (a method group handed to Task.Run, a call whose task is
            // kept) may run beside another.
            if (InvocationNaming(name) is not { } invocation
                || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation call
                || call.ParentSkippingConversions() is not IAwaitOperation
                || Around(call) is null)
            {
                return false;
            }

            calls++;
        }

        return calls > 0;
    }

    /// <summary>The call <paramref name="name"/> is the callee of: <c>Load(id)</c> or <c>this.Load(id)</c>.</summary>
    private static InvocationExpressionSyntax? InvocationNaming(SimpleNameSyntax name) => name.Parent switch
    {
        InvocationExpressionSyntax invocation when invocation.Expression == name => invocation,
        MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } access when access.Name == name && invocation.Expression == access => invocation,
        _ => null,
    };

    /// <summary>The innermost loop around the operation, in its function, whose condition or collection reads a channel; null when there is none.</summary>
    internal static ILoopOperation? Around(IOperation operation) =>
        operation.AncestorsWithinFunction().OfType<ILoopOperation>().FirstOrDefault(loop =>
            loop.Body.Syntax.Span.Contains(operation.Syntax.Span) && ChannelRead(loop) is not null);

    /// <summary>The read of a channel in the loop's condition or collection (<c>reader.ReadAllAsync()</c>, <c>reader.WaitToReadAsync()</c>).</summary>
    internal static IInvocationOperation? ChannelRead(ILoopOperation loop) =>
        (loop switch
        {
            IWhileLoopOperation { Condition: { } condition } => condition,
            IForEachLoopOperation { Collection: var collection } => collection,
            _ => null,
        })?.DescendantsAndSelf().OfType<IInvocationOperation>().FirstOrDefault(read =>
            read.TargetMethod is { Name: "WaitToReadAsync" or "ReadAllAsync" or "TryRead", ContainingType: { Name: "ChannelReader" } reader }
            && reader.ContainingNamespace.ToDisplayString() == "System.Threading.Channels");
}
