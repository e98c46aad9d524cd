using System;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace SplitBrain;

/// <summary>
/// Defended: the same belief, but every write carries the lease's token and the database applies it only if no newer
/// token has written — a stale leader's write changes no row, and the node learns it lost the lease.
/// </summary>
internal sealed class FencedNode(string name, Ledger ledger, TimeSpan leaseTtl) : LedgerNode(name, ledger, leaseTtl)
{
    public override async Task<WriteOutcome> IncrementAsync(Func<Task> pause)
    {
        if (!IsLeader || Lease is not { } lease)
        {
            return WriteOutcome.NotLeader;
        }

        await using var connection = await Ledger.OpenAsync();
        var balance = await Ledger.ReadBalanceAsync(connection);
        await pause();

        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE ledger SET balance = $balance, fence_token = $token WHERE id = 1 AND fence_token <= $token";
        update.Parameters.Add(new SqliteParameter("$balance", balance + 1));
        update.Parameters.Add(new SqliteParameter("$token", lease.Token));
        return await update.ExecuteNonQueryAsync() == 1 ? WriteOutcome.Accepted : WriteOutcome.Rejected;
    }
}
