using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using StackExchange.Redis;
using Xunit;

namespace ResilienceAnalyzers.Tests.Infrastructure;

/// <summary>A real redis-server on a free loopback port, without persistence, stopped when disposed.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process process;

    private RedisServer(Process process, ConnectionMultiplexer connection, string endpoint)
    {
        this.process = process;
        Connection = connection;
        Endpoint = endpoint;
    }

    public ConnectionMultiplexer Connection { get; }

    public string Endpoint { get; }

    /// <summary>
    /// Starts a server and connects to it; <see langword="null"/> when redis-server is not installed, which fails the
    /// test on CI (where <c>.ci/run</c> installs it).
    /// </summary>
    public static async Task<RedisServer?> StartAsync()
    {
        var server = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "redis-server"))
            .FirstOrDefault(File.Exists);
        if (server is null)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "CI must install redis-server (.ci/run does).");
            return null;
        }

        var endpoint = $"127.0.0.1:{FreePort()}";
        var process = Process.Start(new ProcessStartInfo(server, $"--port {endpoint.Split(':')[1]} --bind 127.0.0.1 --save \"\" --appendonly no") { RedirectStandardOutput = true, UseShellExecute = false })!;
        try
        {
            return new RedisServer(process, await ConnectAsync(endpoint), endpoint);
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(string endpoint)
    {
        // The server needs a moment to listen; connecting is retried a bounded number of times.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { endpoint }, ConnectTimeout = 1000, AbortOnConnectFail = true });
            }
            catch (RedisConnectionException) when (attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
