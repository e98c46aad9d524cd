using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace LabKit;

/// <summary>A whole-number option a lab accepts, with its bounds and default.</summary>
public sealed record NumberOption(string Name, int Minimum, int Maximum, int Default, int Quick);

/// <summary>
/// A lab's command line: <c>[variant|all] [--quick] [--out DIR]</c> and bounded whole-number options. Anything else is
/// refused with a message naming the argument, which the lab prints with its usage and exit code 2.
/// </summary>
public sealed class LabArguments
{
    private readonly Dictionary<string, int> numbers;
    private readonly Dictionary<string, string> texts;

    private LabArguments(IReadOnlyList<string> variants, bool quick, string output, Dictionary<string, int> numbers, Dictionary<string, string> texts)
    {
        Variants = variants;
        Quick = quick;
        Output = output;
        this.numbers = numbers;
        this.texts = texts;
    }

    /// <summary>The variants to run, in the order the lab lists them.</summary>
    public IReadOnlyList<string> Variants { get; }

    public bool Quick { get; }

    public string Output { get; }

    /// <summary>The option's value: given, else its quick or normal default.</summary>
    public int this[string option] => numbers[option];

    /// <summary>The value given to a text option (<c>--redis HOST:PORT</c>), or <see langword="null"/>.</summary>
    public string? Text(string option) => texts.TryGetValue(option, out var value) ? value : null;

    /// <param name="textOptions">Options that take one value, such as <c>--redis</c>.</param>
    public static bool TryParse(string[] args, IReadOnlyList<string> variants, IReadOnlyList<NumberOption> options, string defaultOutput, out LabArguments parsed, out string error, params string[] textOptions)
    {
        parsed = null!;
        error = string.Empty;
        var chosen = variants;
        var quick = args.Contains("--quick");
        var output = Path.Combine(Environment.CurrentDirectory, defaultOutput);
        var values = options.ToDictionary(option => option.Name, option => quick ? option.Quick : option.Default);
        var texts = new Dictionary<string, string>();

        for (var i = 0; i < args.Length; i++)
        {
            var argument = args[i];
            if (variants.Contains(argument))
            {
                chosen = [argument];
            }
            else if (argument is "all" or "--quick")
            {
            }
            else if (argument == "--out" || textOptions.Contains(argument))
            {
                if (i + 1 >= args.Length)
                {
                    error = argument == "--out" ? "--out needs a folder." : $"{argument} needs a value.";
                    return false;
                }

                if (argument == "--out")
                {
                    output = Path.GetFullPath(args[++i]);
                }
                else
                {
                    texts[argument] = args[++i];
                }
            }
            else if (options.FirstOrDefault(option => option.Name == argument) is { } option)
            {
                if (i + 1 >= args.Length
                    || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                    || value < option.Minimum || value > option.Maximum)
                {
                    error = $"{option.Name} needs a whole number from {option.Minimum} to {option.Maximum}.";
                    return false;
                }

                values[option.Name] = value;
                i++;
            }
            else
            {
                error = $"Unknown argument '{argument}'.";
                return false;
            }
        }

        parsed = new LabArguments(chosen, quick, output, values, texts);
        return true;
    }
}
