package dev.filesys.cli.commands;

import jakarta.validation.Validator;
import java.lang.reflect.Method;
import org.springframework.core.convert.support.ConfigurableConversionService;
import org.springframework.shell.core.command.adapter.MethodInvokerCommandAdapter;

/** A Spring Shell method command that also knows its positional arguments ({@link CommandShape}). */
final class ShapedCommand extends MethodInvokerCommandAdapter {

    private final CommandShape shape;
    private final String synopsis;

    ShapedCommand(
            String name,
            String description,
            String group,
            String help,
            Method method,
            Object target,
            ConfigurableConversionService conversionService,
            Validator validator,
            CommandShape shape,
            String synopsis) {
        super(name, description, group, help, false, method, target, conversionService, validator);
        this.shape = shape;
        this.synopsis = synopsis;
    }

    CommandShape shape() {
        return shape;
    }

    /** The usage line, e.g. {@code upload PATH [--name NAME] [--overwrite]}. */
    String synopsis() {
        return synopsis;
    }
}
