package io.caravan.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import javax.management.ObjectName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsolePolicyTest {

    private static final String QUEUE = "org.apache.activemq.artemis:broker=\"caravan\",component=addresses,"
            + "address=\"caravan.incoming\",subcomponent=queues,routing-type=\"anycast\",queue=\"caravan.incoming\"";

    @ParameterizedTest(name = "{0} on {1}: {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            viewer   | QUEUE                                                   | getMessageCount       | true
            viewer   | QUEUE                                                   | isPaused              | true
            viewer   | QUEUE                                                   | listMessagesAsJSON    | true
            viewer   | QUEUE                                                   | countMessages         | true
            viewer   | QUEUE                                                   | browse                | false
            viewer   | QUEUE                                                   | peekFirstMessage      | false
            viewer   | QUEUE                                                   | removeAllMessages     | false
            viewer   | QUEUE                                                   | sendMessage           | false
            viewer   | QUEUE                                                   | setDeadLetterAddress  | false
            viewer   | org.apache.camel:context=caravan,type=context,name=caravan | dumpRoutesAsXml     | true
            viewer   | org.apache.camel:context=caravan,type=context,name=caravan | sendBody            | false
            viewer   | java.lang:type=Threading                                | dumpAllThreads        | true
            viewer   | java.lang:type=Memory                                   | gc                    | false
            viewer   | io.caravan:type=Reputation,node=n                       | listSuspensions       | true
            viewer   | io.caravan:type=Reputation,node=n                       | resume                | false
            viewer   | io.caravan:type=Reputation,node=n                       | suspend               | false
            viewer   | io.caravan:type=Queues,node=n                           | listSummary           | true
            viewer   | io.caravan:type=Queues,node=n                           | getByDestination      | true
            viewer   | io.caravan:type=Queues,node=n                           | headerSections        | false
            viewer   | io.caravan:type=Node,node=n                             | drain                 | false
            viewer   | QUEUE                                                   | listScheduledMessagesAsJSON | true
            viewer   | QUEUE                                                   | deliverScheduledMessages | false
            viewer   | QUEUE                                                   | moveMessages          | false
            viewer   | io.caravan:type=security,area=jmx,name=ConsoleAccess    | canInvoke             | true
            viewer   | hawtio:type=security,name=RBACRegistry                  | list                  | true
            operator | QUEUE                                                   | removeAllMessages     | true
            operator | QUEUE                                                   | browse                | true
            operator | QUEUE                                                   | retryMessages         | true
            operator | QUEUE                                                   | setDeadLetterAddress  | false
            operator | io.caravan:type=Reputation,node=n                       | resume                | true
            operator | io.caravan:type=Reputation,node=n                       | suspend               | true
            operator | io.caravan:type=Node,node=n                             | drain                 | true
            operator | io.caravan:type=Queues,node=n                           | headerSections        | true
            operator | io.caravan:type=Node,node=n                             | undrain               | true
            operator | QUEUE                                                   | deliverScheduledMessages | true
            operator | QUEUE                                                   | deliverScheduledMessage | true
            operator | org.apache.activemq.artemis:broker="caravan"            | destroyQueue          | false
            operator | org.apache.activemq.artemis:broker="caravan"            | getVersion            | true
            operator | org.apache.camel:context=caravan,type=context,name=caravan | sendBody            | false
            operator | com.sun.management:type=DiagnosticCommand               | jvmtiAgentLoad        | false
            operator | com.sun.management:type=DiagnosticCommand               | vmVersion             | false
            operator | com.sun.management:type=HotSpotDiagnostic               | dumpHeap              | false
            operator | com.sun.management:type=HotSpotDiagnostic               | getDiagnosticOptions  | false
            operator | jdk.management.jfr:type=FlightRecorder                  | startRecording        | false
            operator | DefaultDomain:type=MLet,name=loader                     | getMBeansFromURL      | false
            operator | jolokia:type=Config                                     | resetHistoryEntries   | false
            operator | java.lang:type=Memory                                   | gc                    | false
            nobody   | QUEUE                                                   | getMessageCount       | false
            """)
    void decides(String role, String mbean, String method, boolean allowed) throws Exception {
        ObjectName name = ObjectName.getInstance(mbean.equals("QUEUE") ? QUEUE : mbean);
        assertEquals(allowed, ConsolePolicy.allows(ConsoleRole.parse(role), name, method));
    }

    @ParameterizedTest
    @CsvSource({"viewer,VIEWER", "Operator,OPERATOR", "' operator ',OPERATOR"})
    void rolesAreReadByLabel(String text, ConsoleRole role) {
        assertEquals(Optional.of(role), ConsoleRole.parse(text));
    }
}
