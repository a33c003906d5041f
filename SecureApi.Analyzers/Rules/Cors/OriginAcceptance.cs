namespace SecureApi.Analyzers.Rules.Cors;

/// <summary>
/// What an origin check lets through, ordered so that <c>&amp;&amp;</c> is the minimum and <c>||</c> the
/// maximum of its operands. <see cref="Unknown"/> sits below <see cref="Weak"/>: a check we cannot read
/// never makes a finding, but it cannot hide a weak or open check it is OR-ed with.
/// </summary>
internal enum OriginAcceptance
{
    /// <summary>No real origin passes (<c>false</c>, <c>origin == null</c>).</summary>
    None = 0,

    /// <summary>Only listed origins pass (equality, allow-list lookup, suffix with a leading dot).</summary>
    Restricted = 1,

    /// <summary>Cannot tell (a call we do not understand, a variable).</summary>
    Unknown = 2,

    /// <summary>Origins an attacker can register pass (substring, prefix, suffix without a leading dot, scheme only).</summary>
    Weak = 3,

    /// <summary>Every origin passes.</summary>
    Any = 4,
}
