using System;

namespace SecureApi.Analyzers.Core.AspNetCore;

/// <summary>Which authentication schemes (named options instances) a piece of options code applies to.</summary>
internal readonly struct SchemeSet : IEquatable<SchemeSet>
{
    private SchemeSet(bool all, string? name)
    {
        IsAll = all;
        Name = name;
    }

    /// <summary>Every scheme: <c>ConfigureAll</c>, or an options class without a name check.</summary>
    public static SchemeSet All { get; } = new(true, null);

    /// <summary>A scheme whose name is not a compile-time constant.</summary>
    public static SchemeSet Unknown { get; } = new(false, null);

    public bool IsAll { get; }

    /// <summary>The scheme name when it is a constant (the default options instance is named "").</summary>
    public string? Name { get; }

    public bool IsUnknown => !IsAll && Name is null;

    public static SchemeSet Named(string name) => new(false, name);

    /// <summary>How a diagnostic names the scheme.</summary>
    public string Describe() => IsAll ? "every JwtBearer scheme" : Name is null ? "this JwtBearer scheme" : $"JwtBearer scheme '{Name}'";

    public bool Equals(SchemeSet other) => IsAll == other.IsAll && Name == other.Name;

    public override bool Equals(object? obj) => obj is SchemeSet other && Equals(other);

    public override int GetHashCode() => IsAll ? 1 : Name?.GetHashCode() ?? 0;
}
