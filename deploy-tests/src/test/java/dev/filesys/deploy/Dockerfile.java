package dev.filesys.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The root {@code Dockerfile}, read as far as the tests need: the final stage's user, environment and ports. */
record Dockerfile(List<String> instructions) {

    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"([^\"]*)\"|\\S+)");

    static Dockerfile read() {
        String joined = Repository.read("Dockerfile").replaceAll("\\\\\\R", " ");
        List<String> instructions = new ArrayList<>();
        for (String line : joined.split("\\R")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                instructions.add(trimmed);
            }
        }
        return new Dockerfile(instructions);
    }

    /** The instructions of the stage the image is (after the last {@code FROM}). */
    List<String> finalStage() {
        int last = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (keyword(instructions.get(i)).equals("FROM")) {
                last = i;
            }
        }
        return instructions.subList(last, instructions.size());
    }

    /** The instructions before the first {@code FROM}, and those of the build stages. */
    List<String> all(String keyword) {
        return instructions.stream()
                .filter(instruction -> keyword(instruction).equals(keyword))
                .map(Dockerfile::argument)
                .toList();
    }

    long userId() {
        return Long.parseLong(user()[0]);
    }

    long groupId() {
        return Long.parseLong(user()[1]);
    }

    private String[] user() {
        String user = finalStage().stream()
                .filter(instruction -> keyword(instruction).equals("USER"))
                .map(Dockerfile::argument)
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("the image sets no USER: it would run as root"));
        String[] parts = user.split(":");
        return new String[] {parts[0], parts.length > 1 ? parts[1] : parts[0]};
    }

    /** The {@code ENV} of the final stage. */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        finalStage().stream()
                .filter(instruction -> keyword(instruction).equals("ENV"))
                .map(Dockerfile::argument)
                .forEach(argument -> {
                    Matcher matcher = ASSIGNMENT.matcher(argument);
                    while (matcher.find()) {
                        environment.put(
                                matcher.group(1), matcher.group(3) != null ? matcher.group(3) : matcher.group(2));
                    }
                });
        return environment;
    }

    Set<Integer> exposedPorts() {
        return finalStage().stream()
                .filter(instruction -> keyword(instruction).equals("EXPOSE"))
                .flatMap(instruction -> List.of(argument(instruction).split("\\s+")).stream())
                .map(port -> Integer.parseInt(port.replaceFirst("/.*", "")))
                .collect(Collectors.toSet());
    }

    /** The default of {@code ARG SERVICE} before the first stage. */
    String defaultService() {
        return all("ARG").stream()
                .filter(argument -> argument.startsWith("SERVICE="))
                .map(argument -> argument.substring("SERVICE=".length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the Dockerfile has no ARG SERVICE=<default>"));
    }

    private static String keyword(String instruction) {
        return instruction.split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT);
    }

    private static String argument(String instruction) {
        String[] parts = instruction.split("\\s+", 2);
        return parts.length > 1 ? parts[1].strip() : "";
    }
}
