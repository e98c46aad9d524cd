using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ResilienceAnalyzers.Infrastructure;

/// <summary>
/// Values resolved the way a reader resolves them, the one place rules ask "what is this, really?": a local assigned
/// once, a <c>readonly</c> field initialized where it is declared or assigned once by a constructor and written nowhere
/// else, a get-only property initialized where it is declared, a
/// member or helper method that is one expression (<c>TimeSpan Backoff(int n) =&gt; …</c>), followed to the expression
/// the value was written as; and constants read through all of those, conditional branches that agree, and numeric
/// conversions (<c>FailureRatio = 2</c> is the <c>double</c> 2).
/// </summary>
internal static class Values
{
    /// <summary>How many steps a value is followed: deep enough for a constant behind a helper behind a field, bounded for cycles.</summary>
    private const int MaxSteps = 6;

    /// <summary>
    /// The expression the value was written as, followed through locals, fields, properties and one-expression helpers
    /// (see the type's summary); the value itself, under its conversions, when there is nothing to follow.
    /// </summary>
    internal static IOperation Origin(IOperation operation, CancellationToken cancellationToken = default)
    {
        var current = operation.WalkDownConversions();
        for (var step = 0; step < MaxSteps && Follow(current, cancellationToken) is { } next; step++)
        {
            current = next.WalkDownConversions();
        }

        return current;
    }

    /// <summary>
    /// One step back to where the value comes from, or null when it comes from nowhere the analyzer can see: a local's
    /// only assignment; a source <c>readonly</c> field's or get-only property's initializer (never a constructor's
    /// assignment, never a setter's); the one expression a non-virtual source method returns, with its parameters
    /// standing for the arguments the caller passes.
    /// </summary>
    internal static IOperation? Follow(IOperation operation, CancellationToken cancellationToken = default) => operation.WalkDownConversions() switch
    {
        ILocalReferenceOperation local => OnlyValueOf(local),
        IFieldReferenceOperation { Field: { IsReadOnly: true, IsConst: false } field } reference => Initializer(field, reference, cancellationToken),
        IPropertyReferenceOperation { Property: { SetMethod: null, IsIndexer: false } property } reference => Initializer(property, reference, cancellationToken),
        IInvocationOperation call => Returned(call.TargetMethod, call, cancellationToken),
        _ => null,
    };

    /// <summary>
    /// The one expression a non-virtual source method returns (an expression body, or a body that is one
    /// <c>return</c>), in terms of its parameters; null for any other method. <paramref name="use"/> is where the
    /// method is called or referenced.
    /// </summary>
    internal static IOperation? Returned(IMethodSymbol method, IOperation use, CancellationToken cancellationToken = default) =>
        method is { IsVirtual: false, IsAbstract: false, IsOverride: false, IsExtern: false } ? Initializer(method, use, cancellationToken) : null;

    /// <summary>The constant the value resolves to — a number, <c>bool</c>, string or enum value — or null.</summary>
    internal static object? Constant(IOperation operation, CancellationToken cancellationToken = default)
    {
        var origin = Origin(operation, cancellationToken);
        if (origin.ConstantValue is { HasValue: true } constant)
        {
            return constant.Value;
        }

        return origin is IConditionalOperation { WhenFalse: { } whenFalse } conditional
            && Constant(conditional.WhenTrue, cancellationToken) is { } whenTrueValue
            && Equals(whenTrueValue, Constant(whenFalse, cancellationToken))
                ? whenTrueValue
                : null;
    }

    /// <summary>The value as a number, whatever numeric type it was written in; null when it is not a numeric constant.</summary>
    internal static double? Number(IOperation operation, CancellationToken cancellationToken = default) =>
        Constant(operation, cancellationToken) is { } value && value is int or long or short or byte or uint or ulong or float or double or decimal
            ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>The value as a whole number; null when it is not an integral constant.</summary>
    internal static int? Integer(IOperation operation, CancellationToken cancellationToken = default) =>
        Constant(operation, cancellationToken) is { } value && value is int or short or byte ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// A <c>TimeSpan</c> written from constants, wherever it is kept: <c>TimeSpan.FromSeconds(2)</c>,
    /// <c>new TimeSpan(0, 0, 2)</c>, <c>TimeSpan.Zero</c>; null otherwise.
    /// </summary>
    internal static TimeSpan? Duration(IOperation operation, CancellationToken cancellationToken = default)
    {
        switch (Origin(operation, cancellationToken))
        {
            case IFieldReferenceOperation { Field: { Name: "Zero", ContainingType.Name: "TimeSpan" } }:
                return TimeSpan.Zero;
            case IInvocationOperation { TargetMethod.ContainingType.Name: "TimeSpan", Arguments.Length: 1 } factory
                when Number(factory.Arguments[0].Value, cancellationToken) is { } amount:
                return factory.TargetMethod.Name switch
                {
                    "FromMilliseconds" => TimeSpan.FromMilliseconds(amount),
                    "FromSeconds" => TimeSpan.FromSeconds(amount),
                    "FromMinutes" => TimeSpan.FromMinutes(amount),
                    "FromHours" => TimeSpan.FromHours(amount),
                    "FromDays" => TimeSpan.FromDays(amount),
                    _ => null,
                };
            case IObjectCreationOperation { Type.Name: "TimeSpan", Arguments.Length: 3 } creation
                when creation.Arguments.Select(a => Integer(a.Value, cancellationToken)).ToList() is var parts && parts.All(part => part is not null):
                return new TimeSpan(parts[0]!.Value, parts[1]!.Value, parts[2]!.Value);
            default:
                return null;
        }
    }

    /// <summary>A wait written from constants, as a <c>TimeSpan</c> or as an <c>int</c> of milliseconds (<c>Task.Delay(500)</c>, MassTransit's <c>Intervals(500, 1000)</c>).</summary>
    internal static TimeSpan? Wait(IOperation operation, CancellationToken cancellationToken = default) =>
        operation.WalkDownConversions().Type?.SpecialType == SpecialType.System_Int32
            ? Integer(operation, cancellationToken) is { } milliseconds ? TimeSpan.FromMilliseconds(milliseconds) : null
            : Duration(operation, cancellationToken);

    /// <summary>The local's value when it is written exactly once in its method (its declaration or one assignment) and never by reference.</summary>
    private static IOperation? OnlyValueOf(ILocalReferenceOperation reference)
    {
        IOperation? only = null;
        var writes = 0;
        foreach (var node in reference.Root().Descendants())
        {
            switch (node)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local) && declarator.Initializer is { } initializer:
                    only = initializer.Value;
                    writes++;
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                    only = assignment is ISimpleAssignmentOperation simple ? simple.Value : null;
                    writes++;
                    break;
                case IArgumentOperation { Value: ILocalReferenceOperation passed, Parameter.RefKind: not RefKind.None } when SymbolEqualityComparer.Default.Equals(passed.Local, reference.Local):
                    return null;
            }
        }

        return writes == 1 ? only : null;
    }

    /// <summary>
    /// The expression a source member is initialized with or returns: a field's only write (<see cref="OnlyWriteOf"/>),
    /// an auto-property's initializer, an expression body, or a body that is one <c>return</c>.
    /// </summary>
    private static IOperation? Initializer(ISymbol member, IOperation use, CancellationToken cancellationToken)
    {
        if (member.DeclaringSyntaxReferences.Length != 1 || use.SemanticModel is not { } useModel)
        {
            return null;
        }

        var declaration = member.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        var expression = declaration switch
        {
            VariableDeclaratorSyntax field => OnlyWriteOf(field, member, cancellationToken),
            PropertyDeclarationSyntax { ExpressionBody.Expression: var body } => body,
            PropertyDeclarationSyntax { Initializer.Value: var value, AccessorList.Accessors: var accessors } when accessors.All(a => a.Body is null && a.ExpressionBody is null) && ConstructorMentions(member, cancellationToken).Count == 0 => value,
            MethodDeclarationSyntax { ExpressionBody.Expression: var body } => body,
            MethodDeclarationSyntax { Body.Statements: { Count: 1 } statements } when statements[0] is ReturnStatementSyntax { Expression: { } returned } => returned,
            LocalFunctionStatementSyntax { ExpressionBody.Expression: var body } => body,
            LocalFunctionStatementSyntax { Body.Statements: { Count: 1 } statements } when statements[0] is ReturnStatementSyntax { Expression: { } returned } => returned,
            _ => null,
        };
        if (expression is null)
        {
            return null;
        }

        return useModel.ForTree(expression.SyntaxTree).GetOperation(expression, cancellationToken);
    }

    /// <summary>
    /// The model that binds <paramref name="tree"/>: the one at hand when the declaration is in the same file, else the
    /// declaration's file's (<see cref="CompilationFacts.ModelOf"/>).
    /// </summary>
    internal static SemanticModel ForTree(this SemanticModel useModel, SyntaxTree tree) =>
        tree == useModel.SyntaxTree ? useModel : CompilationFacts.For(useModel.Compilation).ModelOf(tree);

    /// <summary>
    /// The one value a <c>readonly</c> field ever gets: its initializer when no constructor mentions it, or else the
    /// right side of the one assignment a constructor makes as a statement of its own body or as its expression body
    /// (<c>pipeline = …;</c>), when
    /// the constructors mention the field nowhere else.
    /// </summary>
    private static ExpressionSyntax? OnlyWriteOf(VariableDeclaratorSyntax field, ISymbol member, CancellationToken cancellationToken)
    {
        var mentions = ConstructorMentions(member, cancellationToken);
        if (mentions.Count == 0)
        {
            return field.Initializer?.Value;
        }

        var target = mentions[0].Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == mentions[0] ? access : (ExpressionSyntax)mentions[0];
        return field.Initializer is null
            && mentions.Count == 1
            && target.Parent is AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax { Parent: BlockSyntax { Parent: ConstructorDeclarationSyntax } } or ArrowExpressionClauseSyntax { Parent: ConstructorDeclarationSyntax } } assignment
            && assignment.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleAssignmentExpression)
            && assignment.Left == target
                ? assignment.Right
                : null;
    }

    /// <summary>Up to two places where the member's constructors name it; a primary constructor has no body to assign in.</summary>
    private static List<IdentifierNameSyntax> ConstructorMentions(ISymbol member, CancellationToken cancellationToken) =>
        member.ContainingType.InstanceConstructors.Concat(member.ContainingType.StaticConstructors)
            .SelectMany(constructor => constructor.DeclaringSyntaxReferences)
            .Select(reference => reference.GetSyntax(cancellationToken))
            .OfType<ConstructorDeclarationSyntax>()
            .SelectMany(constructor => constructor.DescendantNodes().OfType<IdentifierNameSyntax>().Where(name => name.Identifier.ValueText == member.Name))
            .Take(2)
            .ToList();
}
