package io.caravan.console;

import io.caravan.jmx.Description;

import java.util.List;
import java.util.Map;
import javax.management.openmbean.TabularData;

/**
 * The JMX security MBean Hawtio looks for ({@code *:type=security,area=jmx,*}): its restrictor asks it before
 * every Jolokia request, and its UI asks it which buttons to offer.
 */
@Description("What the logged-in console user may invoke; Hawtio asks it before every Jolokia request")
public interface ConsoleAccessMBean {

    /** Whether the caller may call anything at all on the MBean. */
    @Description("Whether the caller may invoke anything at all on the MBean")
    boolean canInvoke(@Description(name = "objectName", value = OBJECT) String objectName) throws Exception;

    @Description("Whether the caller may invoke the MBean's operation of that name")
    boolean canInvoke(@Description(name = "objectName", value = OBJECT) String objectName,
                      @Description(name = "methodName", value = METHOD) String methodName) throws Exception;

    @Description("Whether the caller may invoke the MBean's operation of that name and signature")
    boolean canInvoke(@Description(name = "objectName", value = OBJECT) String objectName,
                      @Description(name = "methodName", value = METHOD) String methodName,
                      @Description(name = "argumentTypes", value = "The operation's parameter types, class names")
                      String[] argumentTypes) throws Exception;

    /** Many questions at once: MBean name to methods ({@code name(type,...)}); an empty list asks for the MBean. */
    @Description("Many questions at once: an answer per MBean and method asked")
    TabularData canInvoke(@Description(name = "bulkQuery", value = "MBean name to its methods, name(type,...);"
            + " an empty list asks for the MBean") Map<String, List<String>> bulkQuery) throws Exception;

    String OBJECT = "The MBean's object name";
    String METHOD = "An operation's name, or an attribute's";
}
