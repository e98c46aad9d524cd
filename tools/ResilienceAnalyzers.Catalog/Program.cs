using System;
using System.IO;
using ResilienceAnalyzers.Catalog;

// Regenerates the files derived from the rule catalogue. Run from the repository root, or pass the root's path.
var root = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
if (args.Length > 1 || !File.Exists(Path.Combine(root, "ResilienceAnalyzers.sln")))
{
    Console.Error.WriteLine($"usage: {GeneratedFiles.RegenerateCommand} [-- <repository root>]");
    Console.Error.WriteLine($"'{Path.GetFullPath(root)}' is not the repository root (no ResilienceAnalyzers.sln there).");
    return 2;
}

foreach (var (relativePath, render) in GeneratedFiles.All)
{
    var path = Path.Combine(root, relativePath);
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    File.WriteAllText(path, render());
    Console.WriteLine($"wrote {relativePath}");
}

return 0;
