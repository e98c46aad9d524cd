using System;
using System.Data.Common;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace SplitBrain;

/// <summary>
/// The shared state the leader owns: one balance in a real SQLite database file, with the fencing token of the last
/// write beside it. Every node opens its own connection, as separate processes would.
/// </summary>
internal sealed class Ledger : IDisposable
{
    private readonly string path;

    private Ledger(string path) => this.path = path;

    public static async Task<Ledger> CreateAsync(string folder)
    {
        var ledger = new Ledger(Path.Combine(folder, $"ledger-{Guid.NewGuid():N}.db"));
        await using var connection = await ledger.OpenAsync();
        await using var create = connection.CreateCommand();
        create.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE ledger (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL, fence_token INTEGER NOT NULL);
            INSERT INTO ledger VALUES (1, 0, 0);
            """;
        await create.ExecuteNonQueryAsync();
        return ledger;
    }

    public async Task<DbConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        return connection;
    }

    public async Task<long> ReadBalanceAsync()
    {
        await using var connection = await OpenAsync();
        return await ReadBalanceAsync(connection);
    }

    public static async Task<long> ReadBalanceAsync(DbConnection connection)
    {
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT balance FROM ledger WHERE id = 1";
        return Convert.ToInt64(await read.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
