using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace HotPartition;

/// <summary>
/// One partition of the store: a TCP server on 127.0.0.1 speaking the part of the Redis protocol the lab uses (GET, SET,
/// INCR, INCRBY, PING, ECHO). Like a Redis node it executes one command at a time: each takes a fixed service time on
/// the partition's single worker, so the partition serves at most <c>1 / serviceTime</c> commands per second whatever
/// the number of connections, and commands beyond that wait in line.
/// </summary>
internal sealed class PartitionServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<string, string> values = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock worker = new();
    private readonly TimeSpan serviceTime;
    private readonly Task accepting;
    private DateTime workerFreeAt = DateTime.MinValue;
    private int commands;

    public PartitionServer(TimeSpan serviceTime)
    {
        this.serviceTime = serviceTime;
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Commands executed since the last call: the sampler reads it every second.</summary>
    public int TakeCommandCount() => Interlocked.Exchange(ref commands, 0);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stopping.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.UTF8);
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = false };
                while (await ReadCommandAsync(reader) is { } command)
                {
                    await WaitForTheWorkerAsync();
                    await writer.WriteAsync(Execute(command));
                    await writer.FlushAsync(stopping.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Queues the command on the partition's one worker and waits until it has been served.</summary>
    private Task WaitForTheWorkerAsync()
    {
        DateTime done;
        lock (worker)
        {
            var now = DateTime.UtcNow;
            done = (workerFreeAt > now ? workerFreeAt : now) + serviceTime;
            workerFreeAt = done;
        }

        Interlocked.Increment(ref commands);
        var wait = done - DateTime.UtcNow;
        return wait > TimeSpan.Zero ? Task.Delay(wait, stopping.Token) : Task.CompletedTask;
    }

    private string Execute(string[] command) => command[0].ToUpperInvariant() switch
    {
        "PING" => "+PONG\r\n",
        "ECHO" when command.Length == 2 => Bulk(command[1]),
        "GET" when command.Length == 2 => values.TryGetValue(command[1], out var value) ? Bulk(value) : "$-1\r\n",
        "SET" when command.Length >= 3 => Set(command[1], command[2]),
        "INCR" when command.Length == 2 => Integer(Increment(command[1], 1)),
        "INCRBY" when command.Length == 3 && long.TryParse(command[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var by) => Integer(Increment(command[1], by)),
        _ => $"-ERR unsupported command '{command[0]}'\r\n",
    };

    private string Set(string key, string value)
    {
        values[key] = value;
        return "+OK\r\n";
    }

    private long Increment(string key, long by) =>
        long.Parse(values.AddOrUpdate(key, by.ToString(CultureInfo.InvariantCulture), (_, old) => (long.Parse(old, CultureInfo.InvariantCulture) + by).ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    private static string Bulk(string value) => $"${Encoding.UTF8.GetByteCount(value)}\r\n{value}\r\n";

    private static string Integer(long value) => string.Create(CultureInfo.InvariantCulture, $":{value}\r\n");

    /// <summary>Reads one command (an array of bulk strings); <see langword="null"/> when the client has gone.</summary>
    private static async Task<string[]?> ReadCommandAsync(StreamReader reader)
    {
        var header = await reader.ReadLineAsync();
        if (header is null || header.Length < 2 || header[0] != '*' || !int.TryParse(header.AsSpan(1), CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            return null;
        }

        var parts = new string[count];
        for (var i = 0; i < count; i++)
        {
            // "$<length>" then the data; the lab's keys and values hold no line breaks.
            if (await reader.ReadLineAsync() is not ['$', ..] || await reader.ReadLineAsync() is not { } part)
            {
                return null;
            }

            parts[i] = part;
        }

        return parts;
    }
}
