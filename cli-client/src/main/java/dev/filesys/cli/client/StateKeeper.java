package dev.filesys.cli.client;

import dev.filesys.cli.state.CliState;
import dev.filesys.cli.state.StateStore;
import java.util.function.UnaryOperator;

/**
 * The state file as this process sees it. Each change is applied to the file's current pending uploads (re-read
 * first), so what another CLI process recorded there meanwhile survives; the session and user are this process' own.
 */
final class StateKeeper {

    private final StateStore store;
    private CliState state;

    StateKeeper(StateStore store) {
        this.store = store;
        this.state = store.load();
    }

    CliState current() {
        return state;
    }

    void update(UnaryOperator<CliState> change) {
        state = change.apply(state.withUploads(store.load().uploads()));
        store.save(state);
    }
}
