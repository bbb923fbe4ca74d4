using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace CartifFlow.Negotiation.Participants;

/// <summary>
/// A data file imported at first start (participants, roadmap) that cannot be read or is invalid. The message starts
/// with the file, and with its line and column where YAML gives one (<c>file:line:col: message</c>), so that the host
/// and the command line print it instead of a stack trace.
/// </summary>
public sealed class SeedFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SeedFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SeedFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SeedFileException()
    {
    }
}

/// <summary>Reads a seed file's YAML into its shape, turning every failure into a <see cref="SeedFileException"/>.</summary>
public static partial class SeedFiles
{
    /// <summary>Reads and deserialises <paramref name="file"/>; an empty file gives a new <typeparamref name="T"/>.</summary>
    public static T Read<T>(string file, string setting)
        where T : new()
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SeedFileException($"{file}: cannot be read ({ex.Message.TrimEnd('.')}); set {setting} to the file's path", ex);
        }

        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build();
            return deserializer.Deserialize<T>(text) ?? new T();
        }
        catch (YamlException ex)
        {
            // YamlDotNet wraps a conversion failure (e.g. a date that is not one) around the real reason.
            var reason = ex.InnerException?.Message ?? ex.Message;
            var type = WrongType().Match(reason);
            if (type.Success)
            {
                reason = type.Groups[1].Value switch
                {
                    "System.String" => "expected a text value here",
                    "System.Boolean" => "expected true or false here",
                    var t when t.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) => "expected a list here",
                    _ => "expected a mapping (key: value lines) here",
                };
            }

            var key = UnknownKey().Match(reason);
            if (key.Success)
            {
                reason = $"unknown key '{key.Groups[1].Value}'";
            }

            throw new SeedFileException($"{file}:{ex.Start.Line}:{ex.Start.Column}: {reason}", ex);
        }
    }

    [GeneratedRegex(@"No node deserializer was able to deserialize the node into type ([\w.`]+)")]
    private static partial Regex WrongType();

    [GeneratedRegex(@"^Property '([^']*)' not found on type")]
    private static partial Regex UnknownKey();
}
