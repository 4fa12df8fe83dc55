"""Section headings of the serverless interview guide the first question bank is derived from.

Every rubric criterion cites one of these headings as its ``source`` so a feedback report can
point a candidate at exactly what to study. Each string is a whole line of the guide file,
byte for byte (the guide uses en dashes and curly quotes), so do not "tidy" them.

Pure module: no Django imports, safe to use from loaders, tests and the scoring engine.
"""

GUIDE_FILENAME = "000_eaeafb3ce1655fcf.txt"

MAJOR_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Understanding Serverless Fundamentals",
        (
            "Core Concepts of Serverless Computing",
            "Comparison Between Serverless and Traditional Infrastructure",
            "Advantages and Disadvantages of Serverless Architectures",
        ),
    ),
    (
        "Core Serverless Technologies",
        (
            "Key Services Offered by Major Cloud Providers for Serverless Development",
            "Role of Functions-as-a-Service (FaaS) Platforms",
            "Importance of API Gateways in Serverless Applications",
        ),
    ),
    (
        "Serverless Architecture Patterns",
        (
            "Design Common Serverless Architecture Patterns",
            "Create an Example of a Serverless Web Application Architecture",
            "Demonstrate How to Implement a Serverless Microservices Architecture",
        ),
    ),
    (
        "Coding and Development Practices",
        (
            "Best Practices for Writing Serverless Functions",
            "Coding Examples in Common Serverless Languages",
            "Tips for Optimizing Serverless Function Performance",
        ),
    ),
    (
        "Testing and Debugging Serverless Applications",
        (
            "Strategies for Testing Serverless Functions",
            "Debugging Techniques for Serverless Applications",
            "Monitoring and Logging Serverless Function Executions",
        ),
    ),
    (
        "Serverless Security Best Practices",
        (
            "Common Security Vulnerabilities in Serverless Applications",
            "Securing Serverless Functions and APIs",
            "Implementing Authentication and Authorization in Serverless Environments",
        ),
    ),
    (
        "Serverless Interview Preparation \u2013 Technical Questions",
        (
            "Example Technical Interview Questions on Serverless Concepts",
            "FaaS Platforms: Questions and Answers",
            "Scenario-Based Question: Troubleshooting a Serverless Application",
        ),
    ),
    (
        "Serverless Interview Preparation \u2013 Behavioral Questions",
        (
            "Examples of Behavioral Interview Questions Relevant to Serverless Roles",
            "Answering Questions about Teamwork and Problem-Solving in a Serverless Context",
            "Demonstrating Your Serverless Project Experience",
            "Project Example: Serverless Image Processing Pipeline",
            "Project Example: Real-time Chat Application",
        ),
    ),
    (
        "Serverless Interview Preparation \u2013 System Design",
        (
            "Design a serverless system for a specific use case (e.g., image processing)",
            # The worked design's own steps; the diagram's component captions are not headings.
            "Triggering Image Processing",
            "Image Storage and Processing",
            "Queueing Mechanism (Optional)",
            "Data Storage and Management",
            "Content Delivery",
            "Monitoring and Logging",
            "Elaborate on the factors to consider when designing a serverless system",
            "Illustrate the system design with a detailed diagram of the components and "
            "their interactions",
        ),
    ),
    (
        "Detailed FAQs",
        (
            "What is the difference between serverless and Platform as a Service (PaaS)?",
            "How do I handle state management in a serverless application?",
            "What are some common pitfalls to avoid when building serverless applications?",
            "How can I optimize the cost of a serverless application?",
        ),
    ),
)

MAJOR_HEADINGS: tuple[str, ...] = tuple(major for major, _ in MAJOR_SECTIONS)

_MAJOR_OF: dict[str, str] = {
    heading: major for major, subs in MAJOR_SECTIONS for heading in (major, *subs)
}

HEADINGS: frozenset[str] = frozenset(_MAJOR_OF)


def major_section_of(heading: str) -> str:
    """Return the major section ``heading`` belongs to; a major heading maps to itself.

    Raises KeyError for a string that is not a heading of the guide.
    """
    return _MAJOR_OF[heading]


# A criterion the guide does not teach still needs somewhere to send the candidate: its source
# then reads "beyond the guide" and names the nearest heading, and the report studies that one.
BEYOND_THE_GUIDE = "beyond the guide"
_BEYOND_PREFIX = "Beyond the guide; nearest section: "


def beyond_the_guide(nearest: str) -> str:
    """The stored source of a criterion the guide does not cover, pointing at ``nearest``."""
    return _BEYOND_PREFIX + nearest


def nearest_of(source: str) -> str:
    """The nearest heading named by a beyond-the-guide source, or "" for any other source."""
    return source[len(_BEYOND_PREFIX) :] if source.startswith(_BEYOND_PREFIX) else ""


def study_heading(source: str) -> str:
    """The heading a candidate should study for a criterion with this source."""
    return nearest_of(source) or source
