/* A program of one's own against an installed libiu (pkg-config iu):
 * opens an image and lists its programs. */
#include <stdio.h>

#include <iu/libiu.h>

int main(int argc, char **argv)
{
	struct iu_object *obj;
	struct iu_program *prog = NULL;

	if (argc != 2)
		return 2;
	obj = iu_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "libiu_client: %s\n", iu_last_error());
		return 1;
	}
	while ((prog = iu_object__next_program(obj, prog)))
		printf("program %s in %s\n", iu_program__name(prog), iu_program__section_name(prog));
	iu_object__close(obj);
	return 0;
}
