package dev.filesys.cli;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The filesys command line: an interactive shell, or one command and exit ({@code filesys upload report.pdf}). */
@SpringBootApplication
public class FilesysCli {

    public static void main(String[] args) {
        SpringApplication.run(FilesysCli.class, args);
    }
}
