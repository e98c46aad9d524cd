using System;
using ResilienceAnalyzers.ReviewSummary;

return ReviewSummaryCommand.Run(args, Console.Out, Console.Error);
