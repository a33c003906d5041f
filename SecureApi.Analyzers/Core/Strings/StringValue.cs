namespace SecureApi.Analyzers.Core.Strings;

/// <summary>
/// What the string construction analysis knows about a value: whether every part is a compile-time constant,
/// whether it was built (concatenation, interpolation, Format/Concat/Join, StringBuilder) from at least one
/// non-constant part, and which parameters of the analyzed method flow into it.
/// </summary>
internal readonly struct StringValue
{
    public StringValue(bool isConstant, bool isBuiltFromInput, ulong parameters)
    {
        IsConstant = isConstant;
        IsBuiltFromInput = isBuiltFromInput;
        Parameters = parameters;
    }

    /// <summary>Neutral element: a constant with no parameters (also what a self-reference contributes).</summary>
    public static StringValue Constant { get; } = new(true, false, 0);

    /// <summary>A value from elsewhere (a call, a field, a property): not constant, not visibly built.</summary>
    public static StringValue Opaque { get; } = new(false, false, 0);

    /// <summary>Every part is a compile-time constant (literals, const locals and fields, nameof).</summary>
    public bool IsConstant { get; }

    /// <summary>"Built from non-constant input": constructed in this method with at least one non-constant part.</summary>
    public bool IsBuiltFromInput { get; }

    /// <summary>Bit i set: parameter i of the analyzed method flows into the value (first 64 parameters).</summary>
    public ulong Parameters { get; }

    public static StringValue Parameter(int ordinal) => new(false, false, ordinal < 64 ? 1UL << ordinal : 0);

    /// <summary>One of several possible values (branches, assignments): the union of what each can be.</summary>
    public StringValue Or(StringValue other) =>
        new(IsConstant && other.IsConstant, IsBuiltFromInput || other.IsBuiltFromInput, Parameters | other.Parameters);

    /// <summary>The result of building a string from parts that include this one.</summary>
    public StringValue BuiltFrom() => new(IsConstant, IsBuiltFromInput || !IsConstant, Parameters);
}
