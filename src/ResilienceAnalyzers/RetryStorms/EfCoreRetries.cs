using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ResilienceAnalyzers.Infrastructure;

namespace ResilienceAnalyzers.RetryStorms;

/// <summary>
/// The EF Core contexts that retry their own database calls, and the calls that reach their database. A context whose
/// options call <c>EnableRetryOnFailure</c> runs every <c>SaveChanges</c> and every query through a retrying execution
/// strategy that makes up to <c>maxRetryCount</c> + 1 attempts (7 by default). The options are read where the code
/// gives them to one context: <c>AddDbContext&lt;T&gt;</c> and its pooled and factory forms, a
/// <c>DbContextOptionsBuilder&lt;T&gt;</c>, and the context's own <c>OnConfiguring</c>. Recorded from the calls the rules
/// see; read at compilation end.
/// </summary>
internal sealed class EfCoreRetries
{
    /// <summary>EF Core's default <c>maxRetryCount</c>, in every relational provider.</summary>
    private const int DefaultMaxRetryCount = 6;

    private readonly INamedTypeSymbol dbContext;
    private readonly INamedTypeSymbol retryOptionsBuilder;
    private readonly INamedTypeSymbol? retryLimitExceeded;
    private readonly INamedTypeSymbol? dbException;
    private readonly ConcurrentDictionary<INamedTypeSymbol, int?> attemptsByContext = new(SymbolEqualityComparer.Default);

    private EfCoreRetries(INamedTypeSymbol dbContext, INamedTypeSymbol retryOptionsBuilder, WellKnownTypes types)
    {
        this.dbContext = dbContext;
        this.retryOptionsBuilder = retryOptionsBuilder;
        retryLimitExceeded = types.Get(WellKnownTypeNames.MicrosoftEntityFrameworkCoreStorageRetryLimitExceededException);
        dbException = types.Get(WellKnownTypeNames.SystemDataCommonDbException);
    }

    /// <summary>Null when EF Core's relational layer, where <c>EnableRetryOnFailure</c> lives, is not referenced, or no file names it.</summary>
    internal static EfCoreRetries? Create(CompilationFacts facts) =>
        facts.MentionsAny("EnableRetryOnFailure")
        && facts.Types is var types
        && types.Get(WellKnownTypeNames.MicrosoftEntityFrameworkCoreDbContext) is { } dbContext
        && types.Get(WellKnownTypeNames.MicrosoftEntityFrameworkCoreInfrastructureRelationalDbContextOptionsBuilder2) is { } builder
            ? new EfCoreRetries(dbContext, builder, types)
            : null;

    /// <summary>Records the context whose options a call of <c>EnableRetryOnFailure</c> configures, with its attempts.</summary>
    internal void RecordConfiguration(IInvocationOperation call, ISymbol containingSymbol)
    {
        if (call.TargetMethod.Name != "EnableRetryOnFailure" || !call.TargetMethod.ContainingType.DerivesFromDefinition(retryOptionsBuilder) || ConfiguredContext(call, containingSymbol) is not { } context)
        {
            return;
        }

        var retries = call.Arguments.ValueFor("maxRetryCount") is { } count ? Values.Integer(count) : DefaultMaxRetryCount;
        attemptsByContext[context] = retries + 1;
    }

    /// <summary>
    /// True when a retry around a database call repeats EF Core's attempts: when its last retry fails, EF Core throws a
    /// <c>RetryLimitExceededException</c> whose inner exception is the provider's (a <c>DbException</c>).
    /// </summary>
    internal bool RepeatedBy(RetriedExceptions outer) => retryLimitExceeded is not null && outer.RetriesOn(retryLimitExceeded, dbException);

    /// <summary>The attempts of the context's retry on failure (null when its count is not a constant), or false when the code turns none on.</summary>
    internal bool Retries(INamedTypeSymbol context, out int? attempts) => attemptsByContext.TryGetValue(context, out attempts);

    /// <summary>
    /// The context whose database the call reaches: <c>SaveChanges</c> or <c>SaveChangesAsync</c> on a context, or an EF
    /// query operator (<c>ToListAsync</c>, <c>FirstOrDefaultAsync</c>, <c>ExecuteDeleteAsync</c>…) on a query that starts
    /// at one of its sets; null for any other call.
    /// </summary>
    internal INamedTypeSymbol? ContextOf(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        if (method.Name is "SaveChanges" or "SaveChangesAsync")
        {
            return call.Instance?.Type is INamedTypeSymbol context && context.InheritsFromOrEquals(dbContext) ? context : null;
        }

        return method is { IsExtensionMethod: true, ContainingType.Name: "EntityFrameworkQueryableExtensions" or "RelationalQueryableExtensions" } && call.Arguments.Length > 0
            ? QueriedContext(call.Arguments[0].Value)
            : null;
    }

    /// <summary>The context a query starts at: <c>db.Orders</c> or <c>db.Set&lt;Order&gt;()</c>, under any operators.</summary>
    private INamedTypeSymbol? QueriedContext(IOperation query)
    {
        var current = query.WalkDownConversions();
        while (true)
        {
            switch (current)
            {
                case IPropertyReferenceOperation { Instance.Type: INamedTypeSymbol owner } when owner.InheritsFromOrEquals(dbContext):
                    return owner;
                case IInvocationOperation { TargetMethod.Name: "Set", Instance.Type: INamedTypeSymbol owner } when owner.InheritsFromOrEquals(dbContext):
                    return owner;
                case IInvocationOperation { TargetMethod.IsExtensionMethod: true, Arguments.Length: > 0 } operatorCall:
                    current = operatorCall.Arguments[0].Value.WalkDownConversions();
                    break;
                default:
                    return null;
            }
        }
    }

    /// <summary>
    /// The context the options being built belong to: the context type argument of a call the configuration is passed
    /// to (<c>AddDbContext&lt;T&gt;</c>, <c>AddDbContextPool&lt;T&gt;</c>, <c>UseSqlServer&lt;T&gt;</c> on a
    /// <c>DbContextOptionsBuilder&lt;T&gt;</c>…), else the context whose <c>OnConfiguring</c> makes it; null when the
    /// code does not show it.
    /// </summary>
    private INamedTypeSymbol? ConfiguredContext(IOperation call, ISymbol containingSymbol)
    {
        foreach (var ancestor in call.Ancestors())
        {
            if (ancestor is IInvocationOperation { TargetMethod.TypeArguments: { Length: > 0 } typeArguments })
            {
                foreach (var typeArgument in typeArguments)
                {
                    if (typeArgument is INamedTypeSymbol context && !SymbolEqualityComparer.Default.Equals(context, dbContext) && context.InheritsFromOrEquals(dbContext))
                    {
                        return context;
                    }
                }
            }
        }

        return containingSymbol is IMethodSymbol { Name: "OnConfiguring", ContainingType: { } owner } && owner.InheritsFromOrEquals(dbContext) ? owner : null;
    }
}
