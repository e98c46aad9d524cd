using System.Collections.Generic;
using System.Linq;

namespace SplitBrain;

/// <summary>One side of the partition: its nodes, the elections they started and won, and who led.</summary>
internal sealed record PartitionSide(string Nodes, int Elections, int Won, string? Leader);

/// <summary>
/// A three-node majority election (Raft's vote rule: one vote per node per term, a newer term wins the vote, two of
/// three votes elect) run across a partition that cuts node A off from B and C. The minority side starts election
/// after election and wins none; the majority side elects one leader.
/// </summary>
internal static class QuorumElection
{
    private const int Majority = 2;

    public static IReadOnlyList<PartitionSide> Run(int rounds)
    {
        var term = new Dictionary<string, long> { ["A"] = 0, ["B"] = 0, ["C"] = 0 };
        string[][] sides = [["A"], ["B", "C"]];
        var results = new List<PartitionSide>();
        foreach (var side in sides)
        {
            string? leader = null;
            int elections = 0, won = 0;
            for (var round = 0; round < rounds && leader is null; round++)
            {
                // Each node of the side that hears no leader stands; the side's other nodes are the only ones it reaches.
                foreach (var candidate in side)
                {
                    elections++;
                    var candidateTerm = ++term[candidate];
                    var votes = 1 + side.Where(peer => peer != candidate).Count(peer => GrantVote(term, peer, candidateTerm));
                    if (votes >= Majority)
                    {
                        leader = candidate;
                        won++;
                        break;
                    }
                }
            }

            results.Add(new PartitionSide(string.Join("+", side), elections, won, leader));
        }

        return results;
    }

    /// <summary>A peer votes for a candidate whose term is newer than any it has seen, once per term.</summary>
    private static bool GrantVote(Dictionary<string, long> term, string peer, long candidateTerm)
    {
        if (candidateTerm <= term[peer])
        {
            return false;
        }

        term[peer] = candidateTerm;
        return true;
    }
}
