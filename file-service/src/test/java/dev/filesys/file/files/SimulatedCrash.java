package dev.filesys.file.files;

/**
 * Stands for the process dying at a failpoint: an {@link Error}, which the upload path does not clean up after (it
 * cleans up after exceptions only), so what a real crash would leave behind stays behind.
 */
class SimulatedCrash extends Error {

    SimulatedCrash() {
        super("simulated crash");
    }
}
