package dev.filesys.support;

/**
 * A service will not start with its configuration as it is. The message is one line that says what to set; {@link
 * StartupRefusedAnalyzer} makes it the whole start-up failure report, without a stack trace.
 */
public class StartupRefused extends IllegalStateException {

    private final String action;

    /**
     * @param reason one line: what is wrong
     * @param action one line: what to do about it
     */
    public StartupRefused(String reason, String action) {
        super(reason);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
