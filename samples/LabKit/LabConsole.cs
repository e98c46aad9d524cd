using System;

namespace LabKit;

/// <summary>How every lab ends: a clear message and exit code 2 on bad input; conclusions and artifact paths on success.</summary>
public static class LabConsole
{
    public const int BadInput = 2;

    /// <summary>Prints the message and the usage to standard error; returns <see cref="BadInput"/>.</summary>
    public static int Fail(string message, string usage)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine(usage);
        return BadInput;
    }

    /// <summary>Prints what the run shows and where its event log and chart are; returns 0.</summary>
    public static int Finish(string eventLog, string chart, params string[] conclusions)
    {
        Console.WriteLine();
        foreach (var conclusion in conclusions)
        {
            Console.WriteLine(conclusion);
        }

        Console.WriteLine($"event log: {eventLog}");
        Console.WriteLine($"chart:     {chart}");
        return 0;
    }
}
