package dev.filesys.support;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** A minimal application for testing the shared web plumbing. */
@SpringBootApplication
@Import(WebSupport.class)
class SampleApplication {}
