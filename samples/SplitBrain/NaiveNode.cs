using System;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace SplitBrain;

/// <summary>Naive: trusts its heartbeat and writes without a fencing token, so the database accepts a stale leader's write.</summary>
internal sealed class NaiveNode(string name, Ledger ledger, TimeSpan leaseTtl) : LedgerNode(name, ledger, leaseTtl)
{
    public override async Task<WriteOutcome> IncrementAsync(Func<Task> pause)
    {
        if (!IsLeader)
        {
            return WriteOutcome.NotLeader;
        }

        await using var connection = await Ledger.OpenAsync();
        var balance = await Ledger.ReadBalanceAsync(connection);
        await pause();

        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE ledger SET balance = $balance WHERE id = 1";
        update.Parameters.Add(new SqliteParameter("$balance", balance + 1));
        await update.ExecuteNonQueryAsync();
        return WriteOutcome.Accepted;
    }
}
