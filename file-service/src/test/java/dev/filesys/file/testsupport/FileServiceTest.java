package dev.filesys.file.testsupport;

import dev.filesys.file.FileServiceApplication;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * A full file-service on a random port against the {@link TestDatabase}, a temporary storage root and the shared
 * {@link StubBalancer}'s keys. Add settings with {@code @TestPropertySource(properties = …)}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(classes = FileServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = FileServiceTestInitializer.class)
public @interface FileServiceTest {}
