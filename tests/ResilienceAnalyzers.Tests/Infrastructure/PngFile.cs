using System.IO;
using System.Linq;
using Xunit;

namespace ResilienceAnalyzers.Tests.Infrastructure;

/// <summary>Checks on the charts labs write.</summary>
internal static class PngFile
{
    /// <summary>Fails unless the file starts with the PNG signature.</summary>
    public static void AssertIsPng(string path) =>
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(path).Take(4).ToArray());
}
