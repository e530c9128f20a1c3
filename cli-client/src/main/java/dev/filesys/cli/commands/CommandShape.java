package dev.filesys.cli.commands;

import java.util.List;

/**
 * The positional arguments a command takes, which Spring Shell's {@code Command} does not describe: used to check
 * the count and to write the synopsis.
 *
 * @param arguments the arguments' names in order, e.g. {@code FILE}, {@code USER}
 * @param required how many of them must be given
 */
public record CommandShape(List<String> arguments, int required) {}
