using System.Threading.Tasks;
using ResilienceAnalyzers.RetryStorms;
using ResilienceAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ResilienceAnalyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    ResilienceAnalyzers.RetryStorms.RES1004RetryInsideRetryAnalyzer>;

namespace ResilienceAnalyzers.Tests.RetryStorms;

public sealed class RES1004RetryInsideRetryTests
{
    [Fact]
    public Task ARetryLoopInsideARetryLoopIsFlaggedWithTheWorstCaseAttempts() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.IO;

        class Sync
        {
            string Read(Func<string> read)
            {
                for (var outer = 0; outer < 4; outer++)
                {
                    try
                    {
                        for (var inner = 0; inner < 4; inner++)
                        {
                            try
                            {
                                return read();
                            }
                            catch (IOException)
                            {
                            }
                        }

                        throw new IOException("inner gave up");
                    }
                    catch (IOException)
                    {
                    }
                }

                throw new IOException("outer gave up");
            }
        }
        """,
        Verify.Diagnostic("RES1004").WithSpan(12, 17, 12, 20).WithArguments("up to 16 times (4 outer × 4 inner)"));

    [Fact]
    public Task CountsThatAreNotConstantsAreNamedInWords() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        class Client
        {
            async Task<string> GetAsync(HttpClient client, int tries)
            {
                var attempt = 0;
                while (true)
                {
                    try
                    {
                        {|#0:for|} (var i = 0; i < tries; i++)
                        {
                            try
                            {
                                return await client.GetStringAsync("/orders");
                            }
                            catch (HttpRequestException)
                            {
                            }
                        }

                        throw new HttpRequestException("inner gave up");
                    }
                    catch (HttpRequestException) when (++attempt < 3)
                    {
                    }
                }
            }
        }
        """,
        Verify.Diagnostic("RES1004").WithLocation(0).WithArguments("outer attempts × inner attempts times"));

    [Fact]
    public Task LoopsThatAreNotBothRetriesAreNotFlagged() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Collections.Generic;
        using System.IO;

        class Sync
        {
            void ProcessAll(IEnumerable<string> items, Action<string> handle)
            {
                foreach (var item in items)
                {
                    for (var attempt = 0; attempt < 3; attempt++)
                    {
                        try
                        {
                            handle(item);
                            break;
                        }
                        catch (IOException)
                        {
                        }
                    }
                }
            }

            string RetryThenCleanUp(Func<string> read, Action cleanUp)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        return read();
                    }
                    catch (IOException)
                    {
                        for (var i = 0; i < 2; i++)
                        {
                            try
                            {
                                cleanUp();
                                break;
                            }
                            catch (InvalidOperationException)
                            {
                            }
                        }
                    }
                }

                throw new IOException("gave up");
            }
        }
        """);
}
