using System;
using System.Collections.Generic;

namespace LabKit;

/// <summary>How every lab ends: a clear message and exit code 2 on bad input; conclusions and artifact paths on success.</summary>
public static class LabConsole
{
    public const int BadInput = 2;

    /// <summary>
    /// Reads a lab's command line and creates its output folder. On bad input — an argument it refuses, a folder it
    /// cannot create — prints the message and the usage and returns <see langword="false"/>; the lab then exits with
    /// <see cref="BadInput"/>.
    /// </summary>
    public static bool TryStart(string[] args, IReadOnlyList<string> variants, IReadOnlyList<NumberOption> options, string defaultOutput, string usage, out LabArguments arguments)
    {
        if (!LabArguments.TryParse(args, variants, options, defaultOutput, out arguments, out var error))
        {
            Fail(error, usage);
            return false;
        }

        if (LabOutput.TryCreate(arguments.Output) is { } outputError)
        {
            Fail(outputError, usage);
            return false;
        }

        return true;
    }

    /// <summary>Prints the message and the usage to standard error; returns <see cref="BadInput"/>.</summary>
    public static int Fail(string message, string usage)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine(usage);
        return BadInput;
    }

    /// <summary>Prints what the run shows and the files it wrote; returns 0.</summary>
    public static int Finish(IEnumerable<string> files, params string[] conclusions)
    {
        Console.WriteLine();
        foreach (var conclusion in conclusions)
        {
            Console.WriteLine(conclusion);
        }

        foreach (var file in files)
        {
            Console.WriteLine($"wrote {file}");
        }

        return 0;
    }
}
